"use client";

import { formatDateTime, formatScore } from "../format";
import { Checks } from "./Checks";
import { StatusStepper } from "./StatusStepper";
import { Timeline } from "./Timeline";
import { isFinal, type SubmissionView } from "@/lib/contracts/submissions";

const PENDING_TEXT = {
  QUEUED: "Waiting for a grader…",
  RUNNING: "Running your code in the sandbox…",
} as const;

function SkeletonBody() {
  return (
    <div className="stack" aria-hidden>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="skeleton" style={{ height: 46 }} />
      ))}
      <div className="skeleton" style={{ height: 110 }} />
    </div>
  );
}

/**
 * The selected attempt's result. The card keeps its minimum height and header layout through
 * every state (nothing, queued, running, graded), so the page does not jump as results stream in.
 */
export function ResultPanel({
  view,
  attemptNumber,
  footer,
}: {
  view: SubmissionView | null;
  attemptNumber: number | null;
  footer?: React.ReactNode;
}) {
  const status = view?.status ?? null;
  const done = status !== null && isFinal(status);
  const report = view?.result ?? null;
  const verdict = (view?.verdict ?? report?.verdict ?? "").toLowerCase();

  let headline: string;
  if (!view) headline = "No attempt yet";
  else if (!done) headline = PENDING_TEXT[view.status as "QUEUED" | "RUNNING"];
  else if (verdict === "passed") headline = "Passed: every check holds";
  else if (verdict === "failed") headline = "Not yet: some checks failed";
  else headline = "The grader could not grade this attempt.";

  return (
    <section
      className="card result stack"
      aria-labelledby="result-title"
      data-testid="result"
      data-status={status ?? "NONE"}
      data-verdict={done ? verdict : ""}
    >
      <div className="result-head">
        <div className="score" style={{ minWidth: "5.5rem" }}>
          {done && view?.score != null ? (
            <>
              {formatScore(view.score)}
              <small>/{formatScore(view.maxScore ?? 0)}</small>
            </>
          ) : (
            <span className="muted">—</span>
          )}
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          <h2 id="result-title" className={`verdict ${done ? verdict : ""}`} style={{ margin: 0 }} aria-live="polite">
            {headline}
          </h2>
          <p className="muted small" style={{ margin: 0 }}>
            {view ? (
              <>
                Attempt {attemptNumber ? `#${attemptNumber}` : ""} · submitted {formatDateTime(view.createdAt)}
                {view.runMs != null && done ? ` · graded in ${(view.runMs / 1000).toFixed(1)} s` : ""}
              </>
            ) : (
              "Write your solution, then submit it."
            )}
          </p>
        </div>
        <StatusStepper status={status} />
      </div>

      {!view && (
        <div className="result-empty">
          <p>
            Your result appears here a few seconds after you submit:
            <br />
            every check with its reason, your output, and a timeline of your tasks.
          </p>
        </div>
      )}
      {view && !done && <SkeletonBody />}
      {done && !report && (
        <p className="alert">{view?.errorMessage ?? "Something went wrong while grading. Submit again in a moment."}</p>
      )}
      {report && (
        <>
          {report.error && <p className="alert">{report.error}</p>}
          <div>
            <h3>Checks</h3>
            <Checks checks={report.checks} />
          </div>
          <div>
            <h3>Timeline</h3>
            <Timeline timeline={report.timeline} ideal={report.idealTimeline} />
          </div>
          {report.output !== undefined && (
            <details open={verdict !== "passed"}>
              <summary>
                <h3 style={{ display: "inline" }}>Output</h3>
              </summary>
              <pre className="output" data-testid="output" tabIndex={0}>
                {report.output || "(nothing printed)"}
              </pre>
            </details>
          )}
        </>
      )}
      {footer}
    </section>
  );
}
