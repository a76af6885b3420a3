"use client";

import type { Attempt } from "@/lib/contracts/instructor";
import { ResultPanel } from "@/app/_components/exercise/ResultPanel";
import { formatDateTime, formatScore } from "@/app/_components/format";
import { StaffFeedback } from "./feedback/StaffFeedback";

/**
 * One attempt as the student saw it (checks, feedback, task timeline), its code, and every grading
 * of it. With the cohort, its code comes with staff's comments and rubric (select lines to comment).
 */
export function AttemptView({ attempt, cohortId }: { attempt: Attempt; cohortId?: string }) {
  return (
    <div className="stack" data-testid="attempt-view" data-attempt={attempt.number}>
      <ResultPanel view={attempt} attemptNumber={attempt.number} />
      <details open>
        <summary>
          <h3 style={{ display: "inline" }}>
            Code of attempt #{attempt.number}
            {cohortId ? ", comments and rubric" : ""}
          </h3>
        </summary>
        {cohortId ? (
          <StaffFeedback cohortId={cohortId} submissionId={attempt.id} code={attempt.code} />
        ) : (
          <pre className="output" style={{ maxHeight: 420 }} data-testid="attempt-source" tabIndex={0}>
            {attempt.code}
          </pre>
        )}
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
