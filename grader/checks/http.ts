import { observed } from "./common";
import { check, type CheckResult } from "./result";
import type { ScenarioView } from "./view";

/**
 * Builders over what the supervisor's HTTP fixture and its /proc sampler saw: the requests the
 * fixture served (path, User-Agent, times, how many in flight) and the non-main threads caught in
 * a socket call on a TCP socket. All of it is outside the student's interpreter.
 */

/** How many times the fixture served each path. */
export function requestCounts(v: ScenarioView): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of v.ev.fixtures?.requests ?? []) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  return counts;
}

/** The first way the requests differ from "each of `paths` exactly once, nothing else", or null. */
export function notEachOnce(v: ScenarioView, paths: string[]): string | null {
  const counts = requestCounts(v);
  const twice = [...counts].find(([p, n]) => n > 1 && paths.includes(p));
  if (twice) return `the server saw ${twice[1]} requests for ${twice[0]}`;
  const never = paths.find((p) => !counts.has(p));
  if (never) return `the server never saw a request for ${never}`;
  const extra = [...counts.keys()].find((p) => !paths.includes(p));
  if (extra) return `the server saw a request for ${extra}, which is not one of the URLs`;
  return null;
}

const AIOHTTP_AGENT = /\baiohttp\/\d/;

/**
 * Syscalls a worker thread doing network I/O sits in: a read or a send on the socket, or (a socket
 * with a timeout, as urllib and requests use) poll/select before it. The sampler reports the first
 * kind as `socketCalls` (it can tell a TCP descriptor); the second only as a held run of that thread.
 */
const WAITING_ON_IO = new Set([0, 1, 7, 23, 44, 45, 270, 271]);
/** A worker thread blocked this long in one of those while requests were in flight was doing them. */
const WORKER_IO_LIMIT = 0.05;

/**
 * Every request the fixture served came from aiohttp (its User-Agent), and no thread but the
 * event loop's was ever seen in a socket call on a TCP socket (under gVisor, where no system call
 * is seen: no thread beside the loop's at all): the fetching was aiohttp on the loop, not
 * urllib/requests in worker threads beside an unused ClientSession.
 */
export function fetchedByAiohttpOnLoop(
  views: ScenarioView[],
  weight: number,
  opts: { minSeconds?: number } = {},
): CheckResult {
  const id = "http.aiohttp-on-loop";
  for (const v of views) {
    const absent = observed(v, opts.minSeconds ?? 0.1);
    if (absent) return check(id, weight, false, { pass: "", fail: `Not judged: ${absent}.` });
    const requests = v.ev.fixtures?.requests ?? [];
    if (requests.length === 0)
      return check(id, weight, false, {
        pass: "",
        fail: "The grader's server never received a request: fetch the URLs with aiohttp (`session.get(url)`).",
      });
    const foreign = requests.find((r) => !AIOHTTP_AGENT.test(r.agent ?? ""));
    if (foreign)
      return check(id, weight, false, {
        pass: "",
        fail:
          `The request for ${foreign.path} did not come from aiohttp (its User-Agent was ` +
          `${JSON.stringify(foreign.agent ?? "")}): fetch every URL with the aiohttp ClientSession ` +
          `(\`session.get(url)\`), not urllib or requests.`,
      });
    const t = v.ev.outside.threads;
    // gVisor names no thread's system call: there any thread beside the loop's could be the one
    // fetching, and aiohttp needs none for the fixture's numeric address (it resolves nothing).
    if (t.view === "stat" && t.threadsMax > 1)
      return check(id, weight, false, {
        pass: "",
        fail:
          `Your code ran ${t.threadsMax - 1} thread(s) beside the event loop's: aiohttp does its requests on ` +
          "the loop itself. Don't hand fetching to threads (run_in_executor, to_thread): `await session.get(url)`.",
      });
    const started = v.ev.outside.started;
    const inFlight = (t0: number, t1: number) => requests.some((r) => r.start < t1 && (r.end ?? Infinity) > t0);
    const threaded =
      v.ev.outside.threads.socketCalls.find((c) => c.t >= started) ??
      v
        .loopHeld({ main: false })
        .find(
          (h) =>
            h.syscall !== null &&
            WAITING_ON_IO.has(h.syscall) &&
            h.blocked > WORKER_IO_LIMIT &&
            inFlight(h.start, h.end),
        );
    if (threaded)
      return check(id, weight, false, {
        pass: "",
        fail:
          "A thread other than the event loop's was talking to the network: aiohttp does its requests on " +
          "the loop itself. Don't hand fetching to threads (run_in_executor, to_thread): `await session.get(url)`.",
      });
  }
  return check(id, weight, true, { pass: "Every request was made by aiohttp, on the event loop's thread.", fail: "" });
}
