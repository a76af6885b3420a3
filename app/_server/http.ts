import { z } from "zod";
import { HttpError } from "@/lib/auth/session";
import { databaseBusy } from "@/lib/db";
import { readCappedText } from "@/lib/http/body";
import { logger } from "@/lib/observability/logger";
import { metrics } from "@/lib/observability/metrics";

/** Route handlers stay thin: they throw HttpError or zod errors, this turns them into JSON. */
export async function respond(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError && error.status === 429) metrics().rateLimitRefusals.inc({ limit: "api" });
    if (error instanceof HttpError)
      return Response.json(
        { error: error.message, ...error.details },
        { status: error.status, headers: error.headers },
      );
    if (error instanceof z.ZodError)
      return Response.json({ error: error.issues[0]?.message ?? "Invalid request" }, { status: 400 });
    if (databaseBusy(error)) {
      logger("web").warn({ err: error }, "the database pool was busy: 503");
      return Response.json(
        { error: "The server is busy right now; nothing was saved. Try again in a few seconds.", retryAfterSeconds: 5 },
        { status: 503, headers: { "Retry-After": "5" } },
      );
    }
    logger("web").error({ err: error }, "a route handler failed");
    return Response.json({ error: "Something went wrong on our side." }, { status: 500 });
  }
}

/** The request's JSON body parsed by `schema`: 413 past the body cap, 400 when it is not JSON. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await readCappedText(request);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "The request body must be JSON.");
  }
  return schema.parse(body);
}
