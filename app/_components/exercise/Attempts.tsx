"use client";

import { formatDateTime, formatScore } from "../format";
import type { StoredVerdict } from "@/lib/contracts/report";
import type { Status } from "@/lib/contracts/submissions";

export interface AttemptItem {
  id: string;
  status: Status;
  verdict: StoredVerdict | null;
  score: number | null;
  maxScore: number | null;
  createdAt: string;
}

function Outcome({ a }: { a: AttemptItem }) {
  if (a.status === "QUEUED" || a.status === "RUNNING")
    return <span className="badge accent">{a.status === "QUEUED" ? "Queued" : "Running"}</span>;
  if (a.verdict === "PASSED") return <span className="badge ok">✓ {formatScore(a.score ?? 0)}</span>;
  if (a.verdict === "FAILED") return <span className="badge bad">✗ {formatScore(a.score ?? 0)}</span>;
  return <span className="badge bad">Error</span>;
}

export function Attempts({
  attempts,
  selected,
  onOpen,
  title = "Your attempts",
}: {
  attempts: AttemptItem[];
  selected: string | null;
  onOpen: (id: string) => void;
  title?: string;
}) {
  return (
    <section className="card" aria-labelledby="attempts-title">
      <h2 id="attempts-title">{title}</h2>
      {attempts.length ? (
        <ul className="attempts" data-testid="attempts">
          {attempts.map((a, i) => (
            <li key={a.id}>
              <button
                type="button"
                className="attempt"
                aria-current={a.id === selected}
                onClick={() => onOpen(a.id)}
                data-attempt={a.id}
              >
                <span className="muted">#{attempts.length - i}</span>
                <span suppressHydrationWarning>{formatDateTime(a.createdAt)}</span>
                <Outcome a={a} />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">
          Nothing submitted yet. Each attempt is kept here: reopen one to see its result and what changed.
        </p>
      )}
    </section>
  );
}
