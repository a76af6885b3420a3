import { toolConfiguration } from "@/lib/lti/configuration";

/** What an LMS admin pastes, as JSON. Nothing secret: no session needed. */
export async function GET(): Promise<Response> {
  return Response.json(toolConfiguration());
}
