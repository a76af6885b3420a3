/**
 * Whether an error is the infrastructure's (worth a retry with backoff) rather than the grader's or
 * the submission's. A student's failing code never gets here: it is a verdict, not an error.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
]);
/** Prisma's "cannot reach / lost the database" and "connection pool timed out" codes. */
const PRISMA_CONNECTION_CODE = /^P10(0[1-2]|08|17)$|^P2024$/;
/**
 * PostgreSQL's SQLSTATEs for a server going away: class 08 (connection exception), 57P01-57P03
 * (terminated by an administrator or a crash, "the database system is starting up / shutting
 * down"), 53300 (too many connections). A restart or failover produces exactly these.
 */
const POSTGRES_UNAVAILABLE = /^08[0-9A-Z]{3}$|^57P0[1-3]$|^53300$/;
/** The pg driver adapter's own kinds for the same (Prisma puts them in `meta.driverAdapterError.cause`). */
const ADAPTER_UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const INFRA_ERROR_NAMES = new Set(["PrismaClientInitializationError", "MaxRetriesPerRequestError"]);
const INFRA_MESSAGE = new RegExp(
  [
    "Connection is closed",
    "Connection terminated",
    "connect ECONNREFUSED",
    "socket hang up",
    "Stream isn't writeable",
    "Client has encountered a connection error and is not queryable",
  ].join("|"),
  "i",
);

/** What the pg driver adapter said of a failed query: Prisma puts it in `meta.driverAdapterError.cause`. */
export function driverErrorCause(
  error: unknown,
): { kind?: unknown; code?: unknown; originalCode?: unknown; constraint?: { index?: unknown } } | undefined {
  return (error as { meta?: { driverAdapterError?: { cause?: ReturnType<typeof driverErrorCause> } } } | undefined)
    ?.meta?.driverAdapterError?.cause;
}

/**
 * Prisma 7 with the pg adapter reports a dropped server as a known request error (P2010 for raw
 * queries, P2039 for model queries) whose driver-level cause carries the SQLSTATE or the kind.
 */
function isDatabaseUnavailable(error: Error): boolean {
  const cause = driverErrorCause(error);
  if (!cause) return false;
  const codes = [cause.code, cause.originalCode].filter((c): c is string => typeof c === "string");
  return (
    (typeof cause.kind === "string" && ADAPTER_UNAVAILABLE_KINDS.has(cause.kind)) ||
    codes.some((c) => POSTGRES_UNAVAILABLE.test(c))
  );
}

export function isInfrastructureFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (
    typeof code === "string" &&
    (NETWORK_CODES.has(code) || PRISMA_CONNECTION_CODE.test(code) || POSTGRES_UNAVAILABLE.test(code))
  )
    return true;
  if (isDatabaseUnavailable(error)) return true;
  // The Docker engine answers its own failures with 5xx (a 4xx is a request it refused).
  if (typeof statusCode === "number" && statusCode >= 500) return true;
  if (INFRA_ERROR_NAMES.has(error.name) || INFRA_MESSAGE.test(error.message)) return true;
  return error.cause !== undefined && error.cause !== error && isInfrastructureFault(error.cause);
}

/**
 * An error's last line: Prisma's messages open with the failed call and a frame of source code,
 * and end with what happened ("Can't reach database server at …"). For logs and students' eyes.
 */
export function briefMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const last =
    message
      .trim()
      .split("\n")
      .filter((line) => line.trim())
      .at(-1)
      ?.trim() ?? message;
  // A raw query's fault in the words a model query's gives: "Raw query failed. Code: `X`. Message: `…`".
  const raw = /^Raw query failed\. Code: `([^`]*)`\. Message: `(.*)`$/.exec(last);
  if (!raw) return last;
  return raw[1] === "N/A" ? raw[2] : `${raw[2]} (${raw[1]})`;
}

/**
 * Runs `work` again while it fails with an infrastructure fault, for up to `forMs` (waits doubling
 * from 500 ms to 5 s), then lets the fault through. For work whose input is costly to produce again,
 * such as storing a finished grading: a database restart delays it instead of discarding it.
 */
export async function retryInfrastructureFaults<T>(
  work: () => Promise<T>,
  forMs: number,
  onRetry?: (error: unknown, waitMs: number) => void,
): Promise<T> {
  const deadline = Date.now() + forMs;
  for (let waitMs = 500; ; waitMs = Math.min(waitMs * 2, 5000)) {
    try {
      return await work();
    } catch (error) {
      if (!isInfrastructureFault(error) || Date.now() + waitMs > deadline) throw error;
      onRetry?.(error, waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
