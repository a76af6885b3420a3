import { databaseCheck, readiness, readinessResponse, redisCheck } from "@/lib/observability/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 while the database and Redis answer, 503 naming the one that does not. */
export async function GET() {
  return readinessResponse(await readiness({ database: databaseCheck, redis: redisCheck }));
}
