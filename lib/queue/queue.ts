import { Queue, type JobsOptions } from "bullmq";
import { redisConnection, withTimeout } from "./connection";

/**
 * The producer side of one BullMQ queue (grading, runs, exercise tests, similarity, LMS scores): one
 * handle per process, kept across dev hot reloads, on a producer connection (fails fast while Redis
 * is away), and an add that gives up after `timeoutMs` instead of holding a request open.
 */
export interface QueueKind<Job> {
  /** This process's handle. */
  queue(): Queue<Job>;
  /** Adds `data` as job `jobId` (a repeat add of the same id is a no-op); rejects within `timeoutMs`. */
  add(data: Job, jobId: string, options?: { queue?: Queue<Job>; timeoutMs?: number }): Promise<void>;
}

const globalForQueues = globalThis as unknown as { producerQueues?: Map<string, Queue> };

export function queueKind<Job>(spec: {
  /** Names the handle in this process (and the error messages). */
  key: string;
  /** The queue's name in Redis; read when the handle is first made (it follows QUEUE_NAME). */
  name: () => string;
  /** The job name every job of this queue carries. */
  jobName: string;
  /** Every job's options, or a function that reads them (from the environment, say) at each add. */
  jobOptions: JobsOptions | (() => JobsOptions);
  /** What an add is, in an error message: "Enqueueing the run took longer than …". */
  what: string;
}): QueueKind<Job> {
  const queue = (): Queue<Job> => {
    const queues = (globalForQueues.producerQueues ??= new Map());
    let handle = queues.get(spec.key) as Queue<Job> | undefined;
    if (!handle) {
      handle = new Queue<Job>(spec.name(), { connection: redisConnection("producer") });
      handle.on("error", () => undefined);
      queues.set(spec.key, handle as Queue);
    }
    return handle;
  };
  return {
    queue,
    async add(data, jobId, { queue: target = queue(), timeoutMs = 2000 } = {}) {
      // BullMQ's add is typed by job name and data generics that a generic Job cannot satisfy.
      const add = target.add.bind(target) as (name: string, data: Job, options: JobsOptions) => Promise<unknown>;
      const options = typeof spec.jobOptions === "function" ? spec.jobOptions() : spec.jobOptions;
      await withTimeout(add(spec.jobName, data, { ...options, jobId }), timeoutMs, spec.what);
    },
  };
}
