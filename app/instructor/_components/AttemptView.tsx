"use client";

import type { Attempt } from "@/lib/contracts/instructor";
import { ResultPanel } from "@/app/_components/exercise/ResultPanel";
import { formatDateTime, formatScore } from "@/app/_components/format";

/** One attempt as the student saw it (checks, feedback, task timeline), its code, and every grading of it. */
export function AttemptView({ attempt }: { attempt: Attempt }) {
  return (
    <div className="stack" data-testid="attempt-view" data-attempt={attempt.number}>
      <ResultPanel view={attempt} attemptNumber={attempt.number} />
      <details open>
        <summary>
          <h3 style={{ display: "inline" }}>Code of attempt #{attempt.number}</h3>
        </summary>
        <pre className="output" style={{ maxHeight: 420 }} data-testid="attempt-source" tabIndex={0}>
          {attempt.code}
        </pre>
      </details>
      {attempt.gradings.length > 1 && (
        <div>
          <h3>Gradings of this attempt</h3>
          <ul className="small" data-testid="gradings">
            {attempt.gradings.map((g) => (
              <li key={g.id}>
                {[
                  formatDateTime(g.createdAt),
                  g.regrade ? "regrade" : "first grading",
                  `${g.verdict.toLowerCase()} ${formatScore(g.score)}/${formatScore(g.maxScore)}`,
                ].join(" · ")}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
