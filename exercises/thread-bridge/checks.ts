import { defineExercise } from "../../grader/catalog/definition";
import { observed } from "../../grader/checks/common";
import { check } from "../../grader/checks/result";
import { fmt, maxOverlap } from "../../grader/checks/view";
import { atLeast, halfway, heldThrough, promptly, waited } from "../../grader/checks/policy";

const names = ["start_loop", "submit", "stop_loop"];
const FUTURE = "concurrent.futures.Future";
/** How long the loop's thread takes to wind down once stopped (served by the supervisor). */
const LINGER = 0.4;
/** Threads a correct run has: the caller's (main), the loop's, the grader's stopper (and one to spare). */
const THREADS_ALLOWED = 4;

interface Probe {
  thread?: number;
  daemon?: boolean;
  same_loop?: boolean;
  token?: string;
  error?: string;
}
interface Bridge {
  caller: number;
  loop: string;
  new_threads?: { name: string; daemon: boolean }[];
  done_at_submit?: boolean[];
  submit_took?: number[];
  kinds?: string[];
  all_took?: number;
  results?: (Probe | null)[];
  error?: { type?: string; message?: string; waiting?: string; returned?: string; raised_in_submit?: string } | null;
  stop_error?: string;
  stop_took?: number;
  alive_after_stop?: boolean;
  stopped_eventually?: boolean;
  stop_returned?: boolean;
  left?: string[];
}

interface Hidden {
  jobs: [number, string][];
  error: string;
}

export default defineExercise({
  failsWith: {
    "wrong/no-join.py": "threads.joined",
    "wrong/unsafe-stop.py": "threads.stopped",
    "wrong/blocking-submit.py": "trace.overlap",
    "wrong/caller-thread.py": "threads.loop-thread",
  },
  wallTimeMs: 15_000,
  scenarios: (rng) => {
    const delays = rng.sample([rng.between(0.45, 0.55), rng.between(0.35, 0.42), rng.between(0.25, 0.32)], 3);
    const jobs = delays.map((d) => [d, rng.token(8)] as [number, string]);
    const error = `out of stock: ${rng.token(6)} → café`;
    return [
      {
        id: "bridge",
        entry: "bridge",
        requires: names,
        // Only how many jobs: their delays and tokens, and the error's message, stay with the supervisor.
        args: { jobs: jobs.length },
        ops: {
          job: Object.fromEntries(jobs.map(([delay, token], i) => [String(i), { delay, result: token }])),
          fail: { "0": { delay: 0.2, result: error } },
          linger: { stop: { delay: LINGER } },
          collected: { all: {} },
          returned: { stop: {} },
        },
        hidden: { jobs, error },
        timeout: 10,
      },
    ];
  },
  given: ({ bridge }) => {
    const b = (bridge.value ?? { loop: "nothing" }) as Bridge;
    const { jobs, error } = bridge.spec.hidden as unknown as Hidden;
    const delays = jobs.map(([d]) => d);
    const slowest = Math.max(...delays);
    const sum = delays.reduce((a, c) => a + c, 0);
    const probes = (b.results ?? []).filter((r): r is Probe => !!r && r.token !== undefined);
    const threads = new Set(probes.map((p) => p.thread));
    const doneAtSubmit = (b.done_at_submit ?? []).filter(Boolean).length;
    const err = b.error ?? null;
    const leftOutside = (bridge.ev.final?.threads ?? []).filter((t) => t !== "grader-stop");
    const isLoop = b.loop === "loop";

    // Outside: the supervisor served the jobs, the caller's "collected", the loop's linger and stop_loop's return.
    const jobOps = bridge.ops("job");
    const eachJobOnce = jobOps.length === jobs.length && new Set(jobOps.map((c) => c.arg)).size === jobs.length;
    const ran = eachJobOnce && jobOps.every((c) => c.end !== null);
    const collected = bridge.ops("collected")[0] ?? null;
    const linger = bridge.ops("linger")[0] ?? null;
    const returned = bridge.ops("returned")[0] ?? null;
    const firstJob = jobOps.length ? Math.min(...jobOps.map((c) => c.start)) : null;
    const allTook = collected && firstJob !== null ? collected.start - firstJob : null;
    const absent = observed(bridge, waited(slowest, "return"));
    // Under gVisor no thread's system call is seen, but the caller's (main) thread's write calls
    // are (PID 1 reads them as it answers each call, `mainWrites`; the runner writes each request).
    const statView = bridge.outside.threads.view === "stat";
    // While the jobs ran, the caller's (main) thread waited on the futures — it ran no event loop.
    // Under gVisor: it wrote nothing between the jobs' answers, as a caller running them would.
    const jobsEnd = jobOps.length ? Math.max(...jobOps.map((c) => c.end)) : 0;
    const jobMarks = jobOps.map((c) => c.mainWrites ?? null);
    const callerWaited = statView
      ? jobMarks.length > 0 && jobMarks.every((m) => m !== null && m === jobMarks[0])
      : firstJob !== null && heldThrough(bridge, firstJob, jobsEnd);
    const fewThreads = bridge.outside.threads.threadsMax <= THREADS_ALLOWED;
    // The linger ran on a thread other than the caller's: a non-main thread was held during it.
    // Under gVisor: the caller's thread wrote nothing from the call answered before it to its end.
    const answeredBefore = linger
      ? bridge
          .ops()
          .filter((c) => c.op !== "linger" && c.end <= linger.start)
          .sort((a, c) => c.end - a.end)[0]
      : undefined;
    const lingerOnOtherThread = !linger
      ? false
      : statView
        ? linger.mainWrites != null && linger.mainWrites === answeredBefore?.mainWrites
        : bridge.loopHeld({ main: false }).some((h) => h.start < linger.end && h.end > linger.start);
    const onLoopThread =
      ran &&
      callerWaited &&
      fewThreads &&
      probes.length === jobs.length &&
      probes.every((p) => p.same_loop) &&
      threads.size === 1 &&
      !threads.has(b.caller);
    const tokensBack = probes.length === jobs.length && probes.every((p, i) => p.token === jobs[i][1]);
    return {
      b,
      jobs,
      error,
      slowest,
      sum,
      probes,
      threads,
      doneAtSubmit,
      err,
      leftOutside,
      isLoop,
      jobOps,
      eachJobOnce,
      ran,
      linger,
      returned,
      allTook,
      absent,
      callerWaited,
      fewThreads,
      lingerOnOtherThread,
      onLoopThread,
      tokensBack,
    };
  },
  checks: {
    // evidence: cross-checked — inside type of start_loop's value, judged once the supervisor served the jobs
    // submitted to it.
    "returns.loop": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["bridge"],
      evidence: "inside flags, counted only once the jobs ran",
      judge: (_views, { b, isLoop, ran, absent }) =>
        check(
          "returns.loop",
          1,
          !absent && isLoop && ran,
          {
            pass: "start_loop returned an event loop.",
            fail: !isLoop
              ? `start_loop should return the asyncio event loop it started; it returned ` +
                `${
                  b.loop === "coroutine"
                    ? "a coroutine: start_loop, submit and stop_loop are plain functions (def), not async def"
                    : `a ${b.loop}`
                }.`
              : "start_loop returned a loop, but the coroutines submitted to it never ran: run it with " +
                "`loop.run_forever` in a thread.",
          },
          "cross-checked",
        ),
    },
    // evidence: cross-checked — /proc: the caller's thread waited (held, not polling a loop) while the
    // supervisor served the jobs, and no thread per coroutine (threadsMax); inside probes name the thread.
    "threads.loop-thread": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["bridge"],
      evidence: "/proc: the caller's thread held during the jobs, at most 4 threads; inside " + "probes agree",
      judge: ({ bridge }, { b, jobs, probes, threads, isLoop, jobOps, ran, callerWaited, fewThreads, onLoopThread }) =>
        check(
          "threads.loop-thread",
          3,
          onLoopThread,
          {
            pass: "Every submitted coroutine ran on the loop's own thread, not on the caller's.",
            fail: !isLoop
              ? "The grader could not submit anything without an event loop from start_loop."
              : probes.length < jobs.length || !ran
                ? `Only ${Math.min(probes.length, jobOps.length)} of the ${jobs.length} submitted coroutines ` +
                  `completed: submit must schedule each one on the loop (asyncio.run_coroutine_threadsafe) and ` +
                  `return its future.`
                : threads.has(b.caller) || !callerWaited
                  ? "The submitted coroutines ran on the caller's thread, not on the loop's: submit should " +
                    "hand them to the loop running in the other thread with " +
                    "asyncio.run_coroutine_threadsafe(coro, loop)."
                  : !fewThreads
                    ? `The grader saw ${bridge.outside.threads.threadsMax} threads: the coroutines should all ` +
                      `run on the one thread of the loop start_loop returned, not on threads of their own.`
                    : "The submitted coroutines did not run on the loop start_loop returned, all on its one thread.",
          },
          "cross-checked",
        ),
    },
    // evidence: cross-checked — the daemon flag is only visible inside; judged once the loop's thread ran the jobs
    // (outside).
    "threads.daemon": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["bridge"],
      evidence: "inside flags, counted only once the jobs ran",
      judge: (_views, { b, ran }) =>
        check(
          "threads.daemon",
          1,
          ran && (b.new_threads ?? []).length > 0 && b.new_threads!.every((t) => t.daemon),
          {
            pass: "The loop runs in a daemon thread.",
            fail:
              (b.new_threads ?? []).length === 0
                ? "start_loop returned without starting a thread for the loop: run `loop.run_forever` in a " +
                  "`threading.Thread(..., daemon=True)` and start it."
                : !ran
                  ? "Not judged: the submitted coroutines never ran."
                  : "The loop's thread should be a daemon thread (threading.Thread(..., daemon=True)), so that " +
                    "it never keeps the program alive.",
          },
          "cross-checked",
        ),
    },
    // evidence: cross-checked — the futures delivered the tokens only the supervisor's job op handed out.
    "returns.future": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["bridge"],
      evidence: "futures delivered tokens, and the error message, only PID 1 handed out",
      judge: (_views, { b, jobs, ran, tokensBack }) =>
        check(
          "returns.future",
          2,
          ran && (b.kinds ?? []).length === jobs.length && b.kinds!.every((k) => k === FUTURE) && tokensBack,
          {
            pass: "submit returned a concurrent.futures.Future that delivered each coroutine's result.",
            fail:
              `submit should return the concurrent.futures.Future of asyncio.run_coroutine_threadsafe, ` +
              `whose result() is the coroutine's return value; it returned ${JSON.stringify(b.kinds ?? [])}.`,
          },
          "cross-checked",
        ),
    },
    // evidence: outside — the supervisor served every job and saw them all in flight together.
    "trace.overlap": {
      weight: 3,
      kind: "outside",
      scenarios: ["bridge"],
      evidence: "job ops served by PID 1: all in flight together; first job to 'collected'",
      judge: (_views, { jobs, doneAtSubmit, jobOps, eachJobOnce }) =>
        check("trace.overlap", 3, eachJobOnce && maxOverlap(jobOps) === jobs.length, {
          pass: `The ${jobs.length} coroutines submitted together ran at the same time on the loop.`,
          fail:
            doneAtSubmit > 0
              ? `submit waited for its coroutine to finish before returning (${doneAtSubmit} of ${jobs.length} ` +
                `futures were already done): return the future at once and let the caller decide when to wait.`
              : `Only ${maxOverlap(jobOps)} of the ${jobs.length} submitted coroutines were running at the ` +
                `same time: each submit should schedule its coroutine on the loop and return immediately.`,
        }),
    },
    // evidence: outside — supervisor's clock from the first job served to the caller's "collected" call.
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["bridge"],
      evidence: "job ops served by PID 1: all in flight together; first job to 'collected'",
      judge: ({ bridge }, { slowest, sum, ran, allTook }) =>
        check(
          "timing.concurrent",
          1,
          ran && atLeast(allTook, slowest, "return") && promptly(bridge, allTook, halfway(slowest, sum)),
          {
            pass: `All results arrived after ${fmt(allTook)}: about as long as the slowest (${fmt(slowest)}).`,
            fail:
              `All results took ${fmt(allTook)} to arrive; run together they take about ${fmt(slowest)}, ` +
              `one after another ${fmt(sum)}.`,
          },
        ),
    },
    // evidence: cross-checked — the exception carried the message only the supervisor's fail op handed out.
    "errors.propagated": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["bridge"],
      evidence: "futures delivered tokens, and the error message, only PID 1 handed out",
      judge: ({ bridge }, { error, err }) =>
        check(
          "errors.propagated",
          2,
          bridge.ops("fail").length === 1 && err?.type === "InventoryError" && err?.message === error,
          {
            pass: "An exception raised inside a submitted coroutine reached the caller's future.",
            fail: err?.raised_in_submit
              ? `submit itself raised ${err.raised_in_submit}: it waited for the coroutine. It should return ` +
                `the future at once; the exception belongs in that future.`
              : err?.returned !== undefined
                ? `submit returned a ${err.returned}, so the caller had no future to get the exception from.`
                : err?.waiting
                  ? "The future of a coroutine that raised never completed: submit with " +
                    "asyncio.run_coroutine_threadsafe, whose future carries the exception back to the caller."
                  : `A submitted coroutine raised InventoryError(<the grader's message>); its future should ` +
                    `carry that exception (future.exception() / future.result() raising it), but the caller ` +
                    `saw ${JSON.stringify(err?.type ?? err)}.`,
          },
          "cross-checked",
        ),
    },
    // evidence: outside — the loop's own thread (non-main, in /proc) ran loop.stop (the supervisor served
    // its linger) and stop_loop returned (supervisor's clock); inside thread lists cross-check what was left.
    "threads.stopped": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["bridge"],
      evidence: "linger op served while a non-main thread was held; stop_loop returned after it " + "ended",
      judge: (_views, { b, leftOutside, isLoop, linger, returned, lingerOnOtherThread }) =>
        check(
          "threads.stopped",
          3,
          isLoop &&
            !!linger &&
            lingerOnOtherThread &&
            !!returned &&
            !b.stop_error &&
            b.stopped_eventually === true &&
            leftOutside.length === 0 &&
            (b.left ?? []).length === 0,
          {
            pass: "stop_loop stopped the loop and left no thread behind.",
            fail: !isLoop
              ? "There was no loop to stop."
              : !returned
                ? `stop_loop did not return within 2.5 s${linger ? "" : ": the loop never stopped"}. ` +
                  `\`loop.stop()\` called from another thread does not wake the loop: use ` +
                  `\`loop.call_soon_threadsafe(loop.stop)\`, then join the thread.`
                : b.stop_error
                  ? `stop_loop raised ${b.stop_error}.`
                  : !linger || !lingerOnOtherThread
                    ? "The loop never ran its stop on its own thread: stop it with " +
                      "loop.call_soon_threadsafe(loop.stop)."
                    : `After stop_loop, ` +
                      `${
                        !b.stopped_eventually
                          ? "the loop kept running"
                          : `thread(s) ${JSON.stringify([...(b.left ?? []), ...leftOutside])} were still alive`
                      }: stop the loop with loop.call_soon_threadsafe(loop.stop) and join its thread.`,
          },
          "cross-checked",
        ),
    },
    // evidence: outside — supervisor's clock: stop_loop returned only after the loop's thread finished its linger.
    "threads.joined": {
      weight: 2,
      kind: "outside",
      scenarios: ["bridge"],
      evidence: "linger op served while a non-main thread was held; stop_loop returned after it " + "ended",
      judge: (_views, { isLoop, linger, returned }) =>
        check("threads.joined", 2, isLoop && !!linger && !!returned && returned.start >= linger.end, {
          pass:
            `stop_loop waited for the loop's thread to finish ` +
            `(${fmt(returned && linger ? returned.start - linger.start : null)} after the loop began to stop).`,
          fail: !returned
            ? "stop_loop never returned, so it cannot have finished the loop's thread."
            : `stop_loop returned ` +
              `${
                linger
                  ? `${fmt(Math.max(0, linger.end - returned.start))} before the loop's thread had finished stopping`
                  : "without the loop's thread ever stopping"
              }: after asking the loop to stop, wait for its thread with thread.join(), ` +
              `so that nothing is left running when stop_loop returns.`,
        }),
    },
  },
  timeline: {
    scenario: "bridge",
    ideal: (spec) =>
      (spec.hidden!.jobs as [number, string][]).map(([d], i) => ({
        task: `job ${i}`,
        op: `job(${i})`,
        start: 0,
        end: d,
      })),
  },
});
