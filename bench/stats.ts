export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const p50 = (v: number[]) => percentile(v, 50);
export const p95 = (v: number[]) => percentile(v, 95);
