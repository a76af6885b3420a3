import { defineExercise } from "../../grader/catalog/definition";
import { check } from "../../grader/checks/result";
import { fmt, maxOverlap } from "../../grader/checks/view";

const names = ["start_loop", "submit", "stop_loop"];
const FUTURE = "concurrent.futures.Future";

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

export default defineExercise({
  wallTimeMs: 15_000,
  scenarios: (rng) => {
    const delays = rng.sample([rng.between(0.45, 0.55), rng.between(0.35, 0.42), rng.between(0.25, 0.32)], 3);
    return [
      {
        id: "bridge",
        entry: "bridge",
        requires: names,
        args: { jobs: delays.map((d) => [d, rng.token(8)]), error: `out of stock: ${rng.token(6)}` },
        timeout: 10,
      },
    ];
  },
  checks: ({ bridge }) => {
    const b = (bridge.value ?? { loop: "nothing" }) as Bridge;
    const jobs = bridge.spec.args!.jobs as [number, string][];
    const delays = jobs.map(([d]) => d);
    const slowest = Math.max(...delays);
    const sum = delays.reduce((a, c) => a + c, 0);
    const probes = (b.results ?? []).filter((r): r is Probe => !!r && r.token !== undefined);
    const threads = new Set(probes.map((p) => p.thread));
    const spans = bridge.spans("job");
    const doneAtSubmit = (b.done_at_submit ?? []).filter(Boolean).length;
    const onLoopThread = probes.length === jobs.length && probes.every((p) => p.same_loop) && threads.size === 1 && !threads.has(b.caller);
    const err = b.error ?? null;
    const leftOutside = (bridge.ev.final?.threads ?? []).filter((t) => t !== "grader-stop");
    const isLoop = b.loop === "loop";
    return [
      check("returns.loop", 1, isLoop, {
        pass: "start_loop returned an event loop.",
        fail: `start_loop should return the asyncio event loop it started; it returned ${b.loop === "coroutine" ? "a coroutine: start_loop, submit and stop_loop are plain functions (def), not async def" : `a ${b.loop}`}.`,
      }),
      check("threads.loop-thread", 3, onLoopThread, {
        pass: "Every submitted coroutine ran on the loop's own thread, not on the caller's.",
        fail: !isLoop
          ? "The grader could not submit anything without an event loop from start_loop."
          : probes.length < jobs.length
            ? `Only ${probes.length} of the ${jobs.length} submitted coroutines completed: submit must schedule each one on the loop (asyncio.run_coroutine_threadsafe) and return its future.`
            : threads.has(b.caller)
              ? "The submitted coroutines ran on the caller's thread, not on the loop's: submit should hand them to the loop running in the other thread with asyncio.run_coroutine_threadsafe(coro, loop)."
              : "The submitted coroutines did not run on the loop start_loop returned, all on its one thread.",
      }),
      check("threads.daemon", 1, (b.new_threads ?? []).length > 0 && b.new_threads!.every((t) => t.daemon), {
        pass: "The loop runs in a daemon thread.",
        fail: (b.new_threads ?? []).length === 0
          ? "start_loop returned without starting a thread for the loop: run `loop.run_forever` in a `threading.Thread(..., daemon=True)` and start it."
          : "The loop's thread should be a daemon thread (threading.Thread(..., daemon=True)), so that it never keeps the program alive.",
      }),
      check("returns.future", 2, (b.kinds ?? []).length === jobs.length && b.kinds!.every((k) => k === FUTURE) && probes.length === jobs.length && probes.every((p, i) => p.token === jobs[i][1]), {
        pass: "submit returned a concurrent.futures.Future that delivered each coroutine's result.",
        fail: `submit should return the concurrent.futures.Future of asyncio.run_coroutine_threadsafe, whose result() is the coroutine's return value; it returned ${JSON.stringify(b.kinds ?? [])}.`,
      }),
      check("trace.overlap", 3, spans.length === jobs.length && maxOverlap(spans) === jobs.length, {
        pass: `The ${jobs.length} coroutines submitted together ran at the same time on the loop.`,
        fail:
          doneAtSubmit > 0
            ? `submit waited for its coroutine to finish before returning (${doneAtSubmit} of ${jobs.length} futures were already done): return the future at once and let the caller decide when to wait.`
            : `Only ${maxOverlap(spans)} of the ${jobs.length} submitted coroutines were running at the same time: each submit should schedule its coroutine on the loop and return immediately.`,
      }),
      check("timing.concurrent", 1, b.all_took !== undefined && b.all_took <= slowest + (sum - slowest) / 2, {
        pass: `All results arrived after ${fmt(b.all_took ?? null)}: about as long as the slowest (${slowest} s).`,
        fail: `All results took ${fmt(b.all_took ?? null)} to arrive; run together they take about ${slowest} s, one after another ${fmt(sum)}.`,
      }),
      check("errors.propagated", 2, err?.type === "InventoryError" && err?.message === bridge.spec.args!.error, {
        pass: "An exception raised inside a submitted coroutine reached the caller's future.",
        fail:
          err?.raised_in_submit
            ? `submit itself raised ${err.raised_in_submit}: it waited for the coroutine. It should return the future at once; the exception belongs in that future.`
            : err?.returned !== undefined
            ? `submit returned a ${err.returned}, so the caller had no future to get the exception from.`
            : err?.waiting
              ? "The future of a coroutine that raised never completed: submit with asyncio.run_coroutine_threadsafe, whose future carries the exception back to the caller."
              : `A submitted coroutine raised InventoryError(${JSON.stringify(bridge.spec.args!.error)}); its future should carry that exception (future.exception() / future.result() raising it), but the caller saw ${JSON.stringify(err)}.`,
      }),
      check("threads.stopped", 3, isLoop && b.stop_returned === true && !b.stop_error && b.stopped_eventually === true && leftOutside.length === 0 && (b.left ?? []).length === 0, {
        pass: "stop_loop stopped the loop and left no thread behind.",
        fail: !isLoop
          ? "There was no loop to stop."
          : b.stop_returned !== true
            ? "stop_loop did not return within 2.5 s: the loop never stopped. `loop.stop()` called from another thread does not wake the loop: use `loop.call_soon_threadsafe(loop.stop)`, then join the thread."
            : b.stop_error
              ? `stop_loop raised ${b.stop_error}.`
              : `After stop_loop, ${!b.stopped_eventually ? "the loop kept running" : `thread(s) ${JSON.stringify([...(b.left ?? []), ...leftOutside])} were still alive`}: stop the loop with loop.call_soon_threadsafe(loop.stop) and join its thread.`,
      }),
      check("threads.joined", 2, isLoop && b.stop_returned === true && b.alive_after_stop === false, {
        pass: `stop_loop waited for the loop's thread to finish (${fmt(b.stop_took ?? null)}).`,
        fail:
          b.stop_returned !== true
            ? "stop_loop never returned, so it cannot have finished the loop's thread."
            : `stop_loop returned after ${fmt(b.stop_took ?? null)} while the loop's thread was still running: after asking the loop to stop, wait for its thread with thread.join(), so that nothing is left running when stop_loop returns.`,
      }),
    ];
  },
  timeline: {
    scenario: "bridge",
    ideal: (spec) => (spec.args!.jobs as [number, string][]).map(([d], i) => ({ task: `job ${i}`, op: `job(${i})`, start: 0, end: d })),
  },
});
