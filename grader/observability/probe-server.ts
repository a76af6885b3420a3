import { createServer, type Server } from "node:http";
import { readiness, type Check } from "../../lib/observability/health";
import { scrape } from "../../lib/observability/metrics";

/**
 * A worker's own HTTP port (it serves no other HTTP): GET /live, /ready (503 with the failing
 * checks' reasons) and /metrics (Prometheus). Resolves once listening.
 */
export async function serveProbes(opts: {
  port: number;
  host: string;
  checks: () => Record<string, Check>;
}): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://worker").pathname;
    const reply = (status: number, type: string, body: string) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      response.end(body);
    };
    const json = (status: number, value: unknown) => reply(status, "application/json", JSON.stringify(value));
    if (request.method !== "GET" && request.method !== "HEAD") return json(405, { error: "GET only" });
    if (path === "/live") return json(200, { status: "live" });
    if (path === "/ready")
      return void readiness(opts.checks()).then(
        (state) => json(state.ready ? 200 : 503, { status: state.ready ? "ready" : "not ready", checks: state.checks }),
        (error: unknown) => json(503, { status: "not ready", error: String(error) }),
      );
    if (path === "/metrics")
      return void scrape().then(
        ({ contentType, body }) => reply(200, contentType, body),
        (error: unknown) => json(500, { error: String(error) }),
      );
    json(404, { error: "Not found: /live, /ready and /metrics are served here." });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
