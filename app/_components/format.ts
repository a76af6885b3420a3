const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });

export const formatDateTime = (d: Date | string) => dateTime.format(new Date(d));
export const formatDate = (d: Date | string) => dateOnly.format(new Date(d));

/** Scores print without noise: 10, 5.45, never 5.450000001. */
export const formatScore = (n: number) => String(Math.round(n * 100) / 100);

export const formatSeconds = (s: number) => `${s.toFixed(s < 10 ? 2 : 1)} s`;
