import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { db } from "../../lib/db";
import { gradingQueue } from "../../lib/queue/grading-queue";
import { startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres";
import { startWorker, uniqueQueue, useOwnDatabase, type WorkerProcess } from "./fixture";

/**
 * What the PostgreSQL outage tests share (a first grading's and a regrade's): a private server, so
 * that the outage never touches the shared one, a database on it and one worker; rows held so that
 * the worker's stores block on them; and the outage itself, pinned to the moment they do.
 */
export const OUTAGE_MS = 10_000;

export interface OutageSetting {
  postgres: PrivatePostgres;
  databaseUrl: string;
  worker: WorkerProcess;
}

/** Registers the describe block's hooks; the setting is filled in once beforeAll has run. */
export function usePostgresOutage(name: string, concurrency: number): OutageSetting {
  const setting = {} as OutageSetting;
  const queueName = uniqueQueue(name.replaceAll("_", "-"));
  beforeAll(async () => {
    setting.postgres = await startPrivatePostgres();
    const base = Object.assign(new URL(setting.postgres.url), { pathname: "/asyncio_course_test" }).toString();
    setting.databaseUrl = await useOwnDatabase(name, { QUEUE_NAME: queueName }, base);
    setting.worker = await startWorker({
      DATABASE_URL: setting.databaseUrl,
      QUEUE_NAME: queueName,
      GRADER_CONCURRENCY: String(concurrency),
    });
  }, 120_000);
  afterAll(async () => {
    await setting.worker?.stop();
    await gradingQueue()
      .obliterate({ force: true })
      .catch(() => undefined);
    await gradingQueue().close();
    await db().$disconnect();
    await setting.postgres?.destroy();
  });
  return setting;
}

/** Sessions of this database waiting for a lock: stores blocked on held rows. */
export const lockWaiters = () =>
  db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`.then((rows) => rows[0].n);

/** Holds the submissions' rows in an open transaction, until the server is stopped under it. */
export async function holdSubmissions(databaseUrl: string, ids: string[]): Promise<pg.Client> {
  const holder = new pg.Client({ connectionString: databaseUrl });
  holder.on("error", () => undefined); // terminated with the server, as intended
  await holder.connect();
  await holder.query("BEGIN");
  await holder.query(`SELECT id FROM "Submission" WHERE id = ANY($1) FOR UPDATE`, [ids]);
  return holder;
}

/**
 * Stops the server (`fast`: 57P01 to every session, as a production restart does) for OUTAGE_MS,
 * starts it again and lets the held rows go; returns when it stopped and when it was back.
 */
export async function outage(
  setting: OutageSetting,
  holder: pg.Client,
): Promise<{ stoppedAt: number; backAt: number }> {
  const stoppedAt = Date.now();
  await setting.postgres.stop("fast");
  await new Promise((r) => setTimeout(r, OUTAGE_MS - (Date.now() - stoppedAt)));
  await setting.postgres.start();
  const backAt = Date.now();
  await holder.end().catch(() => undefined);
  return { stoppedAt, backAt };
}

/** The worker's lines about faults and retries, for the test's output. */
export const faultLines = (log: string) =>
  log
    .split("\n")
    .filter((l) => /retry|cannot|failed|gave up/i.test(l))
    .join("\n");

/** "running", or the worker's exit code (or signal) if it has exited. */
export const workerState = (worker: WorkerProcess) =>
  Promise.race([worker.exited, new Promise<string>((r) => setTimeout(() => r("running"), 0))]);
