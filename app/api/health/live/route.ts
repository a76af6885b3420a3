export const dynamic = "force-dynamic";

/** Liveness: the process serves requests. It checks no dependency: an outage is readiness's to report. */
export function GET() {
  return Response.json({ status: "live" }, { headers: { "Cache-Control": "no-store" } });
}
