import type IORedis from "ioredis";
import { sharedEnv } from "../env/shared";
import { redisConnection } from "./connection";

/**
 * "Submission X changed" notices over Redis pub/sub. A notice carries no state, and a listener
 * re-reads the database, which is the truth; except the notice of a grading's result, which carries
 * the state just committed (the last read on a verdict's path, saved). Because a notice can be lost
 * while Redis is away, every listener is also called when the subscriber connection (re)connects,
 * to catch up. `state` is the notice's state, when it carries one (not yet parsed: the listener's).
 */
export type ChangeListener = (state?: string) => void;

/** What a notice without state says. */
const CHANGED = "changed";

const channelOf = (submissionId: string) => `asyncio-course:${sharedEnv().QUEUE_NAME}:submission:${submissionId}`;
/** A student's run of one exercise (lib/runs): the same notices, on a channel of its own. */
const runChannelOf = (userId: string, exercise: string) =>
  `asyncio-course:${sharedEnv().QUEUE_NAME}:run:${userId}:${exercise}`;

let publisher: IORedis | undefined;

/**
 * Tells live listeners that a submission changed, with its new state (as JSON) when the caller has
 * it from the write itself. Best effort: the database already holds it.
 */
export async function publishChange(submissionId: string, state?: unknown): Promise<void> {
  await publishOn(channelOf(submissionId), state === undefined ? CHANGED : JSON.stringify(state));
}

/** Tells live listeners that a student's run of an exercise changed (the run itself is in Redis). */
export async function publishRunChange(userId: string, exercise: string): Promise<void> {
  await publishOn(runChannelOf(userId, exercise));
}

/** This process's publishing connection, once ready (or after `ms`, when Redis does not answer). */
export async function readyPublisher(ms = 2000): Promise<IORedis> {
  publisher ??= redisConnection("producer");
  // A producer connection has no offline queue: a command sent while it is still connecting fails,
  // which lost every fresh worker's first RUNNING notice. Wait briefly for it to be ready.
  await whenReady(publisher, ms);
  return publisher;
}

async function publishOn(channel: string, message = CHANGED): Promise<void> {
  await (await readyPublisher()).publish(channel, message).catch(() => undefined);
}

/** The subscriber connection that live streams share, opened ahead of the first stream. */
export async function readySubscriber(ms = 2000): Promise<void> {
  const { connection } = hub();
  await whenReady(connection, ms);
  if (connection.status !== "ready") throw new Error(`no answer within ${ms} ms`);
}

export function whenReady(connection: IORedis, ms: number): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connection.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    connection.once("ready", done);
  });
}

interface Hub {
  connection: IORedis;
  listeners: Map<string, Set<ChangeListener>>;
}

const globalForHub = globalThis as unknown as { statusHub?: Hub };

function hub(): Hub {
  if (globalForHub.statusHub) return globalForHub.statusHub;
  const connection = redisConnection("subscriber");
  const listeners = new Map<string, Set<ChangeListener>>();
  connection.on("message", (channel: string, message: string) => {
    const state = message === CHANGED ? undefined : message;
    listeners.get(channel)?.forEach((l) => l(state));
  });
  let connectedBefore = false;
  connection.on("ready", () => {
    if (connectedBefore) listeners.forEach((set) => set.forEach((l) => l()));
    connectedBefore = true;
  });
  globalForHub.statusHub = { connection, listeners };
  return globalForHub.statusHub;
}

/**
 * Calls `listener` on every change of the submission until the returned function is called; calls
 * it once more as soon as the subscription is confirmed, so nothing between is missed.
 */
export function onChange(submissionId: string, listener: ChangeListener): () => void {
  return onChannel(channelOf(submissionId), listener);
}

/** As onChange, for a student's run of one exercise. */
export function onRunChange(userId: string, exercise: string, listener: ChangeListener): () => void {
  return onChannel(runChannelOf(userId, exercise), listener);
}

function onChannel(channel: string, listener: ChangeListener): () => void {
  const { connection, listeners } = hub();
  let set = listeners.get(channel);
  if (!set) {
    set = new Set();
    listeners.set(channel, set);
  }
  set.add(listener);
  connection.subscribe(channel).then(
    () => set.has(listener) && listener(),
    () => undefined,
  );
  return () => {
    set.delete(listener);
    if (set.size === 0 && listeners.get(channel) === set) {
      listeners.delete(channel);
      connection.unsubscribe(channel).catch(() => undefined);
    }
  };
}

/** An exercise's test through the grader (lib/exercise-tests): the same notices, its own channel. */
const exerciseTestChannelOf = (exercise: string) =>
  `asyncio-course:${sharedEnv().QUEUE_NAME}:exercise-test:${exercise}`;

export async function publishExerciseTestChange(exercise: string): Promise<void> {
  await publishOn(exerciseTestChannelOf(exercise));
}

export function onExerciseTestChange(exercise: string, listener: ChangeListener): () => void {
  return onChannel(exerciseTestChannelOf(exercise), listener);
}
