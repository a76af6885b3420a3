import type { TimelineEntry } from "@/lib/contracts/report";
import { maxOverlap } from "@/lib/shared/intervals";

export { maxOverlap };

export interface Lane {
  task: string;
  entries: TimelineEntry[];
}

export interface TimelineLayout {
  /** The student's run and the ideal concurrent run, each one row per task (more if a task's operations overlap). */
  you: Lane[];
  ideal: Lane[];
  /** The scale's right edge in seconds, shared by both runs so their bars compare directly. */
  span: number;
  ticks: number[];
  youSpan: number;
  idealSpan: number;
  /** Most operations in flight at once in each run. */
  youOverlap: number;
  idealOverlap: number;
}

/** Puts a task's operations on as few lanes as possible without two overlapping on one lane. */
function packLanes(entries: TimelineEntry[]): TimelineEntry[][] {
  const lanes: TimelineEntry[][] = [];
  for (const entry of [...entries].sort((a, b) => a.start - b.start)) {
    const lane = lanes.find((l) => l[l.length - 1].end <= entry.start);
    if (lane) lane.push(entry);
    else lanes.push([entry]);
  }
  return lanes;
}

function niceStep(span: number): number {
  for (const step of [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60]) if (span / step <= 8) return step;
  return Math.ceil(span / 8);
}

const extent = (entries: TimelineEntry[]) => (entries.length ? Math.max(...entries.map((e) => e.end)) : 0);

function lanesOf(entries: TimelineEntry[]): Lane[] {
  const tasks = [...new Set(entries.map((e) => e.task))];
  return tasks.flatMap((task) =>
    packLanes(entries.filter((e) => e.task === task)).map((lane) => ({ task, entries: lane })),
  );
}

/**
 * Both runs on one time scale. They are kept as two groups of rows, because the student's tasks
 * need not carry the ideal run's names (code that never creates a task runs in one).
 */
export function layoutTimeline(you: TimelineEntry[], ideal: TimelineEntry[] = []): TimelineLayout {
  const youSpan = extent(you);
  const idealSpan = extent(ideal);
  const step = niceStep(Math.max(youSpan, idealSpan, 0.05));
  const span = Math.max(step, Math.ceil(Math.max(youSpan, idealSpan) / step) * step);
  const ticks = Array.from({ length: Math.round(span / step) + 1 }, (_, i) => Math.round(i * step * 1000) / 1000);
  return {
    you: lanesOf(you),
    ideal: lanesOf(ideal),
    span,
    ticks,
    youSpan,
    idealSpan,
    youOverlap: maxOverlap(you),
    idealOverlap: maxOverlap(ideal),
  };
}
