import { z } from "zod";
import { configuration, sharedFields } from "./shared";

/**
 * What the web app reads (with the shared settings). Production refuses to start on a missing
 * secret rather than fall back to a known one, and requires an https NEXTAUTH_URL off loopback.
 */
export const DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef";

const schema = z
  .object({
    ...sharedFields,
    NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** GitHub sign-in: offered only when both are set. */
    GITHUB_ID: z.string().optional(),
    GITHUB_SECRET: z.string().optional(),
    /** Failed sign-ins allowed per account and client address in 15 minutes, then 15 minutes' wait. */
    SIGNIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(5),
    /** Failed sign-ins allowed per client address in an hour, whichever accounts they name. */
    SIGNIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
    /** Accounts one client address may create in an hour. */
    SIGNUPS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(10),
    /** When set, /api/metrics answers only requests bearing it (Authorization: Bearer <token>). */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  })
  .transform((env, ctx) => {
    if (!env.NEXTAUTH_SECRET && env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "is required in production" });
      return z.NEVER;
    }
    // Session cookies are Secure only when the site is served over https (next-auth decides by this URL).
    if (
      env.NODE_ENV === "production" &&
      new URL(env.NEXTAUTH_URL).protocol !== "https:" &&
      !isLoopback(env.NEXTAUTH_URL)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_URL"],
        message: "must be https in production (or a loopback address for local use)",
      });
      return z.NEVER;
    }
    return { ...env, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? DEV_SECRET };
  });

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const web = configuration(schema);

export type WebEnv = z.infer<typeof schema>;
export const parseWebEnv = web.parse;
/** The web app's configuration; a bad value ends the process with one clear line. */
export const webEnv = web.get;
