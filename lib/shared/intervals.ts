/**
 * Interval arithmetic the grader's checks and the browser's timeline both do: pure, no imports, so
 * that client components can read it (grader/checks/view.ts re-exports maxOverlap from here).
 */

/** The largest number of intervals in flight at one instant. */
export function maxOverlap(intervals: { start: number; end: number }[]): number {
  const edges = intervals.flatMap((i) => [
    { t: i.start, d: 1 },
    { t: i.end, d: -1 },
  ]);
  // At equal times an end comes before a start: back-to-back intervals did not overlap.
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let current = 0;
  let most = 0;
  for (const e of edges) {
    current += e.d;
    most = Math.max(most, current);
  }
  return most;
}
