import { z } from "zod";

/**
 * The one place that reads the environment. Defaults suit a local machine; production refuses
 * to start on a missing secret rather than fall back to a known one.
 */
export const DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/asyncio_course"),
    REDIS_URL: z.string().url().default("redis://127.0.0.1:6379/0"),
    NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    DOCKER_HOST: z.string().optional(),
    SANDBOX_IMAGE: z.string().optional(),
    SANDBOX_RUNTIME: z.string().optional(),
    SANDBOX_MEMORY_MB: z.coerce.number().int().min(64).max(4096).default(256),
    SANDBOX_PIDS: z.coerce.number().int().min(16).max(4096).default(64),
    SANDBOX_OUTPUT_KB: z.coerce.number().int().min(1).max(4096).default(64),
    GRADER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    SANDBOX_POOL_SIZE: z.coerce.number().int().min(0).max(64).default(2),
    QUEUE_NAME: z.string().regex(/^[a-z0-9-]+$/).default("grade"),
    /** How long a worker's hold on a job lasts without renewal: a killed worker's job is taken over after about this. */
    GRADER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /** How often a worker looks for stored submissions the queue lost (Redis away or restarted). */
    GRADER_SWEEP_MS: z.coerce.number().int().min(500).max(3_600_000).default(15_000),
    /** Failed sign-ins allowed per account and client address in 15 minutes, then 15 minutes' wait. */
    SIGNIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(5),
    /** Failed sign-ins allowed per client address in an hour, whichever accounts they name. */
    SIGNIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
    /** Accounts one client address may create in an hour. */
    SIGNUPS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(10),
  })
  .transform((env, ctx) => {
    if (!env.NEXTAUTH_SECRET && env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "is required in production" });
      return z.NEVER;
    }
    // Session cookies are Secure only when the site is served over https (next-auth decides by this URL).
    if (env.NODE_ENV === "production" && new URL(env.NEXTAUTH_URL).protocol !== "https:" && !isLoopback(env.NEXTAUTH_URL)) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "must be https in production (or a loopback address for local use)" });
      return z.NEVER;
    }
    return { ...env, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? DEV_SECRET };
  });

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The parsed configuration; a bad value ends the process with one clear line. */
export function env(): Env {
  if (cached) return cached;
  try {
    cached = parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  return cached;
}
