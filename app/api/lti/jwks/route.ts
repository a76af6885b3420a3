import { respond } from "@/app/_server/http";
import { publicJwks } from "@/lib/lti/keys";

/** The tool's public keys (every active one: a rotated-in key is served before it signs). */
export async function GET(): Promise<Response> {
  return respond(async () =>
    Response.json(await publicJwks(), { headers: { "cache-control": "public, max-age=300" } }),
  );
}
