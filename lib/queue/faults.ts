/**
 * Whether an error is the infrastructure's (worth a retry with backoff) rather than the grader's or
 * the submission's. A student's failing code never gets here: it is a verdict, not an error.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "EAI_AGAIN", "ENOTFOUND"]);
/** Prisma's "cannot reach / lost the database" and "connection pool timed out" codes. */
const PRISMA_CONNECTION_CODE = /^P10(0[1-2]|08|17)$|^P2024$/;
const INFRA_ERROR_NAMES = new Set(["PrismaClientInitializationError", "MaxRetriesPerRequestError"]);
const INFRA_MESSAGE = /Connection is closed|Connection terminated|connect ECONNREFUSED|socket hang up|Stream isn't writeable/i;

export function isInfrastructureFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === "string" && (NETWORK_CODES.has(code) || PRISMA_CONNECTION_CODE.test(code))) return true;
  // The Docker engine answers its own failures with 5xx (a 4xx is a request it refused).
  if (typeof statusCode === "number" && statusCode >= 500) return true;
  if (INFRA_ERROR_NAMES.has(error.name) || INFRA_MESSAGE.test(error.message)) return true;
  return error.cause !== undefined && error.cause !== error && isInfrastructureFault(error.cause);
}
