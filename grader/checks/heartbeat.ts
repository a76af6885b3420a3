import { gap } from "./policy";
import { check, type CheckResult } from "./result";
import { fmt, type ScenarioView } from "./view";

/**
 * A driver's heartbeat coroutine emits one `heartbeat` record per tick: how late the tick woke
 * (`lag`) and how much of that interval the loop's thread spent waiting for a CPU (`wait`, from
 * schedstat). Lateness beyond the run-queue wait is the student's doing: the loop was held.
 */
export interface Beat {
  t: number;
  lag: number;
  wait: number;
}

export function beats(v: ScenarioView): Beat[] {
  return v.ev.records
    .filter((r) => r.kind === "heartbeat")
    .map((r) => r as unknown as Beat)
    .filter((b) => typeof b.lag === "number" && typeof b.wait === "number");
}

/** The worst tick: lateness that waiting for a CPU (machine load) does not explain. */
export function worstHeldLag(v: ScenarioView): { held: number; lag: number; ticks: number } {
  const all = beats(v);
  let held = 0;
  let lag = 0;
  for (const b of all) {
    const h = gap(b.lag, b.wait);
    if (h > held) [held, lag] = [h, b.lag];
  }
  return { held, lag, ticks: all.length };
}

/** The heartbeat kept ticking: no tick was held back more than `limit` seconds by the student's code. */
export function heartbeatKeptTicking(
  views: ScenarioView[],
  opts: { limit: number; minTicks: number; weight: number; hint: string },
): CheckResult {
  for (const v of views) {
    const w = worstHeldLag(v);
    if (w.held > opts.limit)
      return check("loop.heartbeat", opts.weight, false, {
        pass: "",
        fail:
          `The grader's heartbeat, due every 10 ms, was held back ${fmt(w.held)} by your code: while it ` +
          `held the event loop, no other task could run. ${opts.hint}`,
      });
    if (w.ticks < opts.minTicks)
      return check("loop.heartbeat", opts.weight, false, {
        pass: "",
        fail:
          `The grader's heartbeat task ticked only ${w.ticks} time(s) while your code ran: the event ` +
          `loop hardly ever got a chance to run it. ${opts.hint}`,
      });
  }
  const worst = Math.max(...views.map((v) => worstHeldLag(v).held));
  return check("loop.heartbeat", opts.weight, true, {
    pass:
      `The grader's heartbeat kept ticking while your code ran (never held back more than ` +
      `${Math.round(worst * 1000)} ms).`,
    fail: "",
  });
}
