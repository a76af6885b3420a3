import type { BlockingCall } from "../sandbox/evidence";
import { check, type CheckResult } from "./result";
import { fmt, type ScenarioView } from "./view";

/**
 * A step blocked this long is the student's doing. Shorter "blocked" time shows up on a loaded
 * machine in correct code (a virtual CPU's stolen time, threads competing for the GIL), while the
 * blocking calls students really make are caught by name below.
 */
export const LONG_STALL = 0.2;

/**
 * No blocking call (time.sleep, open, …) ran on the event loop's thread, and no step held the loop
 * for longer than a busy machine explains. `advice` turns the call found into the fix to suggest.
 */
export function loopNotBlockedUnderLoad(
  views: ScenarioView[],
  weight: number,
  opts: { calls?: string[]; advice?: (call: BlockingCall) => string } = {},
): CheckResult {
  const calls = opts.calls ?? ["time.sleep"];
  const call = views.flatMap((v) => v.blockingCalls()).find((b) => calls.includes(b.call));
  const step = views.flatMap((v) => v.blockedSteps()).find((s) => s.blocked > LONG_STALL);
  const advice = opts.advice ?? (() => "Use the asyncio equivalent (for sleeping, `await asyncio.sleep(...)`).");
  return check("loop.not-blocked", weight, !call && !step, {
    pass: "The event loop was never blocked.",
    fail: call
      ? `\`${call.fn ?? "your code"}\` called ${call.call}(${JSON.stringify(call.arg)}) on the event loop's thread: while it blocks, no other task can run. ${advice(call)}`
      : step
        ? `One step of ${step.what ? `\`${step.what}\`` : "your code"} held the event loop for ${fmt(step.blocked)} without yielding: a blocking call inside a coroutine stops every other task.`
        : "",
  });
}
