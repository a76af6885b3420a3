import { createHash } from "node:crypto";
import { defineExercise } from "../../grader/catalog/definition";
import { nonePending } from "../../grader/checks/common";
import { heartbeatKeptTicking } from "../../grader/checks/heartbeat";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, maxOverlap, type ScenarioView } from "../../grader/checks/view";

const needs = { entry: "run_entry", requires: ["process_all"], coroutines: ["process_all"] };
const WORDS = ["invoice", "ticket", "parcel", "report", "order", "account", "shipment", "claim", "lease", "permit"];
/** CPU seconds one checksum burns: far above what a loop step may hold, cheap in a thread. */
const CPU = 0.1;

interface Args {
  keys: string[];
  delays: Record<string, number>;
  tokens: Record<string, string>;
  salt: string;
  cpu: number;
}
interface Fetch {
  key: string;
  start: number;
  end: number;
  on_loop: boolean;
}

const argsOf = (v: ScenarioView) => v.spec.args as unknown as Args;
const expected = (a: Args) =>
  Object.fromEntries(a.keys.map((k) => [k, createHash("sha256").update(`${a.salt}:${k}|${a.tokens[k]}`).digest("hex").slice(0, 16)]));

function values(v: ScenarioView): CheckResult {
  const want = expected(argsOf(v));
  const got = v.value as Record<string, unknown> | null;
  const ok = !!got && typeof got === "object" && !Array.isArray(got) && Object.keys(got).length === argsOf(v).keys.length && argsOf(v).keys.every((k) => got[k] === want[k]);
  return check("returns.values", 3, ok, {
    pass: "Every key maps to checksum(legacy_fetch(key)).",
    fail: `process_all should return ${JSON.stringify(want)} (each key → checksum(legacy_fetch(key))), but returned ${JSON.stringify(got)}.`,
  });
}

/**
 * legacy_fetch's time.sleep on the loop's thread. Blocked-time measurements of loop steps are not
 * used here: with worker threads on a loaded machine, the loop's thread can wait for the GIL held
 * by a descheduled worker, which is nobody's mistake. The heartbeat catches gross blocking.
 */
function notBlocked(v: ScenarioView): CheckResult {
  const call = v.blockingCalls("time.sleep")[0];
  return check("loop.not-blocked", 3, !call, {
    pass: "legacy_fetch never ran on the event loop's thread.",
    fail: `\`${call?.fn ?? "your code"}\` ran legacy_fetch on the event loop's thread (it called time.sleep(${JSON.stringify(call?.arg)}) there): while it blocks, no other task can run. Hand it to a thread: \`await asyncio.to_thread(legacy_fetch, key)\`.`,
  });
}

function cpuOffLoop(v: ScenarioView): CheckResult {
  const step = v.busySteps(0.05)[0];
  return check("loop.cpu", 3, !step, {
    pass: "No CPU-bound work ran on the event loop's thread.",
    fail: step
      ? `One step of ${step.what && step.what !== "measured" ? `\`${step.what}\`` : "your code"} computed for ${fmt(step.cpu)} on the event loop's thread: \`checksum\` is CPU-bound, and while it runs no other task can. Run it in a thread too: \`await asyncio.to_thread(checksum, data)\`.`
      : "",
  });
}

function fetchesOverlap(v: ScenarioView): CheckResult {
  const n = argsOf(v).keys.length;
  const fetches = v.ev.records.filter((r) => r.kind === "fetch").map((r) => r as unknown as Fetch);
  const most = maxOverlap(fetches);
  const inThreads = fetches.filter((f) => !f.on_loop);
  const ok = fetches.length === n && inThreads.length === n && most === n;
  return check("trace.fetch-overlap", 2, ok, {
    pass: `All ${n} legacy_fetch calls ran at the same time, in worker threads.`,
    fail:
      inThreads.length < fetches.length
        ? "legacy_fetch was called on the event loop's thread: pass the function and its argument to a thread (`asyncio.to_thread(legacy_fetch, key)`), don't call it yourself."
        : `Only ${most} of the ${n} legacy_fetch calls were running at the same time: start the threaded calls for every key before awaiting any (asyncio.gather or a TaskGroup).`,
  });
}

export default defineExercise({
  scenarios: (rng) => {
    const keys = rng.sample(WORDS, 4).map((w) => `${w}-${rng.int(100, 999)}`);
    const args: Args = {
      keys,
      delays: Object.fromEntries(keys.map((k) => [k, rng.between(0.3, 0.5)])),
      tokens: Object.fromEntries(keys.map((k) => [k, rng.token(10)])),
      salt: rng.token(8),
      cpu: CPU,
    };
    return [{ id: "main", ...needs, args: { ...args }, timeout: 20 }];
  },
  checks: ({ main }) => [
    values(main),
    notBlocked(main),
    cpuOffLoop(main),
    heartbeatKeptTicking([main], {
      limit: 0.3,
      minTicks: 5,
      weight: 2,
      hint: "Blocking calls (legacy_fetch) and CPU-bound work (checksum) belong in worker threads: `await asyncio.to_thread(fn, arg)`.",
    }),
    fetchesOverlap(main),
    nonePending([main], 1),
  ],
  timeline: {
    scenario: "main",
    ideal: (spec) => {
      const a = spec.args as unknown as Args;
      return a.keys.flatMap((k) => [
        { task: "worker thread", op: `legacy_fetch(${k})`, start: 0, end: a.delays[k] },
        { task: "worker thread", op: `checksum(${k})`, start: a.delays[k], end: Math.round((a.delays[k] + a.cpu) * 1000) / 1000 },
      ]);
    },
  },
});
