import type { TimelineEntry } from "./result";
import type { ScenarioView } from "./view";

/**
 * The timeline explains; it proves nothing. Its rows come from the inside trace, which the
 * submission can flood or rewrite, so what is stored and sent to the browser is capped.
 */
const MAX_ROWS = 300;
const MAX_LABEL = 80;
const clip = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);
const round = (x: number) => Math.round(x * 1000) / 1000;

/** The awaited operations of a scenario, one row per task (named for its coroutine), times from its start. */
export function timelineOf(view: ScenarioView): TimelineEntry[] {
  const origin = view.ev.final?.start ?? view.ev.started;
  const spans = view.spans();
  const labels = new Map<string, string>();
  const used = new Map<string, number>();
  // A task the student created is one row; what the harness's main task awaited directly is
  // split by the student's function that awaited it (sequential code has no tasks of its own).
  const rowKey = (s: (typeof spans)[number]) => (s.coro ? `${s.task}` : `${s.task}:${s.fn}`);
  for (const s of spans) {
    const key = rowKey(s);
    if (labels.has(key)) continue;
    const base = s.coro ?? s.fn ?? s.task ?? "?";
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    labels.set(key, n === 1 ? base : `${base} #${n}`);
  }
  return spans
    .slice(0, MAX_ROWS)
    .map((s) => ({
      task: clip(labels.get(rowKey(s))!),
      op: clip(
        s.arg === undefined || s.arg === null
          ? s.op
          : `${s.op}(${typeof s.arg === "string" ? s.arg : JSON.stringify(s.arg)})`,
      ),
      start: round(s.start - origin),
      end: round(s.end - origin),
      ...(s.cancelled ? { cancelled: true } : {}),
    }))
    .sort((a, b) => a.start - b.start || a.task.localeCompare(b.task));
}
