import { z } from "zod";
import { SLUG_PATTERN } from "../contracts/slug";

/**
 * Configuration is read from the environment through zod schemas with local defaults, one per
 * process: lib/env/web.ts (the web app), lib/env/worker.ts (the grading worker), and this module's
 * settings that both read (the database, Redis, the queue). A process reads only its own, so the
 * worker, which holds the Docker socket, never needs the web app's secrets.
 */
export const sharedFields = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/asyncio_course"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379/0"),
  QUEUE_NAME: z.string().regex(SLUG_PATTERN).default("grade"),
  /** Connections each process keeps to PostgreSQL (pg Pool max); mind the server's max_connections. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
};

export class ConfigError extends Error {}

/**
 * `parse` reads a given environment (ConfigError naming the variable on a bad value); `get` reads
 * process.env once and caches it, ending the process with one clear line on a bad value.
 */
export function configuration<S extends z.ZodType>(schema: S) {
  type Config = z.infer<S>;
  const parse = (source: Record<string, string | undefined>): Config => {
    const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
    const result = schema.safeParse(cleaned);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new ConfigError(`Invalid configuration: ${issue.path.join(".")} ${issue.message}`);
    }
    return result.data;
  };
  let cached: Config | undefined;
  const get = (): Config => {
    if (cached) return cached;
    try {
      cached = parse(process.env);
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(2);
      }
      throw error;
    }
    return cached as Config;
  };
  return { parse, get };
}

const shared = configuration(z.object(sharedFields));

/** What both processes (and the migration and set-up scripts) read: database, Redis, queue. */
export const parseSharedEnv = shared.parse;
export const sharedEnv = shared.get;
