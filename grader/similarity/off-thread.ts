import { Worker } from "node:worker_threads";
import type { Candidate, CompareOptions, FoundPair } from "./compare";

/**
 * comparePython on a thread of its own: comparing a cohort takes seconds of CPU (bench/similarity.ts)
 * while the worker's event loop streams gradings, renews job locks and publishes verdicts. One
 * long-lived thread per process: the tree-sitter parsers are native addons that load once per
 * process, so they live in that thread only (never load them on the main thread beside it).
 */
type Answer = { id: number; pairs?: FoundPair[]; error?: string };

let thread: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: (pairs: FoundPair[]) => void; reject: (error: Error) => void }>();
let chain: Promise<unknown> = Promise.resolve();

function start(): Worker {
  const worker = new Worker(new URL("./thread.mjs", import.meta.url));
  worker.on("message", ({ id, pairs, error }: Answer) => {
    const pending = waiting.get(id);
    waiting.delete(id);
    // An idle comparison thread never keeps a process alive; a busy one does, until it answers.
    if (!waiting.size) worker.unref();
    if (error !== undefined || !pairs) pending?.reject(new Error(error ?? "The similarity thread gave no pairs."));
    else pending?.resolve(pairs);
  });
  const fail = (error: Error) => {
    if (thread === worker) thread = null;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`The similarity thread stopped (exit ${code}).`)));
  return worker;
}

export function compareOffThread(candidates: Candidate[], options: CompareOptions = {}): Promise<FoundPair[]> {
  // One comparison at a time: a second waits for the first rather than doubling the CPU taken.
  const run = chain.then(
    () =>
      new Promise<FoundPair[]>((resolve, reject) => {
        thread ??= start();
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        thread.ref();
        thread.postMessage({ id, candidates, options });
      }),
  );
  chain = run.catch(() => undefined);
  return run;
}
