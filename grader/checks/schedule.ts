/**
 * Reference schedules of a bounded pool, computed from hidden delays: what `slots` workers that
 * take jobs in input order (a Semaphore, or consumers on a Queue) would do, and what batching
 * the same jobs in chunks of `slots` would do. Checks compare the measured time against both.
 */

/** Start and end of every job when each of `slots` workers takes the next job as soon as it is free. */
export function poolSchedule(delays: number[], slots: number): { start: number; end: number }[] {
  const free = Array.from({ length: Math.max(1, slots) }, () => 0);
  return delays.map((d) => {
    const i = free.indexOf(Math.min(...free));
    const start = free[i];
    free[i] = start + d;
    return { start, end: start + d };
  });
}

export const poolMakespan = (delays: number[], slots: number) =>
  Math.max(0, ...poolSchedule(delays, slots).map((j) => j.end));

/** Chunks of `slots` jobs, each chunk waiting for its slowest job before the next one starts. */
export function batchMakespan(delays: number[], slots: number): number {
  let total = 0;
  for (let i = 0; i < delays.length; i += slots) total += Math.max(...delays.slice(i, i + slots));
  return total;
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
