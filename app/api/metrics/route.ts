import { timingSafeEqual } from "node:crypto";
import { webEnv } from "@/lib/env/web";
import { scrape, sampleOnScrape } from "@/lib/observability/metrics";
import { sampleQueue } from "@/lib/observability/queue-metrics";

export const dynamic = "force-dynamic";

sampleOnScrape(sampleQueue);

/** Prometheus metrics of the web app (and the queue's depth); behind METRICS_TOKEN when it is set. */
export async function GET(request: Request) {
  const token = webEnv().METRICS_TOKEN;
  if (token && !bears(request, token))
    return Response.json(
      { error: "A bearer token is required." },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } },
    );
  const { contentType, body } = await scrape();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}

function bears(request: Request, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
