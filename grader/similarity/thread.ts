import { parentPort } from "node:worker_threads";
import { comparePython, type Candidate, type CompareOptions } from "./compare";

/** The comparison's own thread (see ./off-thread.ts): one request at a time, answered by id. */
export interface ThreadRequest {
  id: number;
  candidates: Candidate[];
  options: CompareOptions;
}

parentPort!.on("message", async ({ id, candidates, options }: ThreadRequest) => {
  try {
    parentPort!.postMessage({ id, pairs: await comparePython(candidates, options) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
