"use client";

import { useState } from "react";
import { formatDateTime, formatScore } from "@/app/_components/format";
import { StaffFeedback } from "./StaffFeedback";

interface Summary {
  id: string;
  number: number;
  createdAt: string;
  score: number | null;
  maxScore: number | null;
}

/** "View as student"'s review panel: pick one of their attempts (latest first) and comment on it. */
export function ReviewAttempts({ cohortId, attempts }: { cohortId: string; attempts: Summary[] }) {
  const [selected, setSelected] = useState(attempts[0]?.id ?? null);
  if (!attempts.length) return null;
  return (
    <section
      className="card stack"
      aria-labelledby="review-title"
      data-testid="review-attempts"
      style={{ marginTop: "1rem" }}
    >
      <h2 id="review-title" style={{ margin: 0 }}>
        Review their attempts
      </h2>
      <ul className="ix-attempt-list">
        {attempts.map((a) => (
          <li key={a.id}>
            <button
              type="button"
              aria-current={a.id === selected}
              title={formatDateTime(a.createdAt)}
              onClick={() => setSelected(a.id)}
            >
              #{a.number} {a.score === null ? "" : `${formatScore(a.score)}/${formatScore(a.maxScore ?? 0)}`}
            </button>
          </li>
        ))}
      </ul>
      {selected && <StaffFeedback key={selected} cohortId={cohortId} submissionId={selected} />}
    </section>
  );
}
