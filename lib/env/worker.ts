import { z } from "zod";
import { configuration, sharedFields } from "./shared";

/** What the grading worker reads (with the shared settings): the Docker engine, the sandbox, concurrency. */
const schema = z.object({
  ...sharedFields,
  DOCKER_HOST: z.string().optional(),
  SANDBOX_IMAGE: z.string().optional(),
  SANDBOX_RUNTIME: z.string().optional(),
  SANDBOX_MEMORY_MB: z.coerce.number().int().min(64).max(4096).default(256),
  SANDBOX_PIDS: z.coerce.number().int().min(16).max(4096).default(64),
  SANDBOX_OUTPUT_KB: z.coerce.number().int().min(1).max(4096).default(64),
  GRADER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(5),
  SANDBOX_POOL_SIZE: z.coerce.number().int().min(0).max(64).default(2),
  /** How long a worker's hold on a job lasts without renewal: a killed worker's job is taken over after about this. */
  GRADER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** How often a worker looks for stored submissions the queue lost (Redis away or restarted). */
  GRADER_SWEEP_MS: z.coerce.number().int().min(500).max(3_600_000).default(15_000),
  /** A label value (asyncio-course.tag) put on every sandbox this process starts: lets tests count theirs. */
  SANDBOX_TAG: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .optional(),
  /**
   * The worker's own HTTP port for /live, /ready and /metrics (unset: none; several workers on a host
   * need one each).
   */
  WORKER_HTTP_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** The address that port listens on: all interfaces by default, for probes and Prometheus from outside. */
  WORKER_HTTP_HOST: z.string().default("0.0.0.0"),
});

const worker = configuration(schema);

export type WorkerEnv = z.infer<typeof schema>;
export const parseWorkerEnv = worker.parse;
/** The worker's configuration (also the grading CLI's); a bad value ends the process with one clear line. */
export const workerEnv = worker.get;
