import Markdown from "react-markdown";
import type { Hint } from "@/lib/courses/exercises";

/** Hints open one by one as failed attempts add up, so a student tries before reading them. */
export function Hints({ hints, failedAttempts }: { hints: Hint[]; failedAttempts: number }) {
  if (!hints.length) return null;
  const sorted = [...hints].sort((a, b) => a.afterFailedAttempts - b.afterFailedAttempts);
  const open = sorted.filter((h) => h.afterFailedAttempts <= failedAttempts);
  const next = sorted.find((h) => h.afterFailedAttempts > failedAttempts);
  const toGo = next ? next.afterFailedAttempts - failedAttempts : 0;
  return (
    <section className="card" aria-labelledby="hints-title" data-testid="hints">
      <h2 id="hints-title">Hints</h2>
      <ul className="hints">
        {open.map((h, i) => (
          <li key={i} className="prose">
            <Markdown>{h.text}</Markdown>
          </li>
        ))}
        {next && (
          <li className="locked">
            {open.length ? "Next hint" : "A hint"} unlocks after {toGo} more failed attempt{toGo === 1 ? "" : "s"}.
          </li>
        )}
      </ul>
    </section>
  );
}
