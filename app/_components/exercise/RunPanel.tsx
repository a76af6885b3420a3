"use client";

import { useLayoutEffect, useRef } from "react";
import type { RunLine, RunResult, RunView } from "@/lib/contracts/runs";
import { isRunFinal } from "@/lib/contracts/runs";
import { formatSeconds } from "../format";
import { Timeline } from "./Timeline";
import { layoutTimeline } from "./timeline-layout";
import styles from "./RunPanel.module.css";

function headline(run: RunView): string {
  if (run.status === "QUEUED") return "Waiting for a sandbox…";
  if (run.status === "RUNNING") return "Running your file…";
  const result = run.result;
  if (!result || run.status === "ERROR") return "The sandbox could not run your code";
  if (result.outcome === "finished")
    return `Finished${result.elapsed !== null ? ` in ${formatSeconds(result.elapsed)}` : ""}`;
  if (result.outcome === "exception") return `Stopped by ${result.exception?.type ?? "an exception"}`;
  if (result.outcome === "limit") return "Stopped at a sandbox limit";
  return "Your run did not finish";
}

/** The student's own lines of the traceback, as Python prints them (most recent call last). */
function traceback(exception: NonNullable<RunResult["exception"]>): string {
  const frames = exception.trace.map(
    (f) => `  File "solution.py", line ${f.line ?? "?"}, in ${f.fn}${f.code ? `\n    ${f.code}` : ""}`,
  );
  return [
    frames.length ? "Traceback (most recent call last, your lines only):" : "",
    ...frames,
    `${exception.type}${exception.message ? `: ${exception.message}` : ""}`,
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * Printed lines with their times. While the run runs (`following`), lines are added as they come and
 * the list keeps its newest line in view, unless the student has scrolled up to read.
 */
function Lines({
  lines,
  moreLines = 0,
  following = false,
}: {
  lines: RunLine[];
  moreLines?: number;
  following?: boolean;
}) {
  const list = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    if (following && atEnd.current && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [following, lines.length]);
  return (
    <ol
      ref={list}
      className={styles.lines}
      tabIndex={0}
      data-testid="run-lines"
      aria-label="Printed lines, with the time since the start"
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {lines.map((line, i) => (
        <li key={i} className={styles.line} data-testid="run-line" data-t={line.t}>
          <span className={styles.time}>+{line.t.toFixed(2)} s</span>
          <span className={styles.text}>{line.text || " "}</span>
        </li>
      ))}
      {moreLines > 0 && <li className={`${styles.line} muted`}>… and {moreLines} more lines</li>}
    </ol>
  );
}

/** A running run: what it has printed so far, line by line as PID 1 reads it. */
function Live({ lines }: { lines: RunLine[] }) {
  return (
    <div>
      <h3 className={styles.outputHead}>
        Output{" "}
        <span className={`${styles.running} muted small`} data-testid="run-running">
          running…
        </span>
      </h3>
      {lines.length ? <Lines lines={lines} following /> : <p className="muted small">Nothing printed yet.</p>}
    </div>
  );
}

function Result({ result }: { result: RunResult }) {
  const layout = layoutTimeline(result.timeline, []);
  return (
    <>
      {result.message && (
        <p className="alert" data-testid="run-message">
          {result.message}
        </p>
      )}
      <div>
        <h3>Output</h3>
        {result.lines.length ? (
          <Lines lines={result.lines} moreLines={result.moreLines} />
        ) : (
          <p className="muted small">Your code printed nothing.</p>
        )}
      </div>
      {result.exception && (
        <div>
          <h3>Exception</h3>
          <pre className={styles.trace} data-testid="run-exception">
            {traceback(result.exception)}
          </pre>
        </div>
      )}
      {result.stderr && (
        <details>
          <summary>Standard error</summary>
          <pre className="output" data-testid="run-stderr" tabIndex={0}>
            {result.stderr}
          </pre>
        </details>
      )}
      <div data-testid="run-timeline" data-max-overlap={layout.youOverlap} data-operations={result.timeline.length}>
        <h3>Timeline</h3>
        {result.timeline.length > 1 && (
          <p className="small" data-testid="run-overlap">
            {layout.youOverlap === 1
              ? "Your awaited operations ran one after another: never more than one was in flight at once."
              : `Up to ${layout.youOverlap} awaited operations were in flight at once.`}
          </p>
        )}
        <Timeline timeline={result.timeline} />
      </div>
    </>
  );
}

/**
 * The latest run of the student's code as a script: what it printed (each line with its time since
 * the start, by the sandbox's clock; live while it runs), an exception or a limit in plain words,
 * and its timeline. Never a grade: nothing here counts as an attempt.
 */
export function RunPanel({ run, problem }: { run: RunView | null; problem: string | null }) {
  if (!run && !problem) return null;
  const done = run ? isRunFinal(run.status) : false;
  return (
    <section
      className="card stack"
      aria-labelledby="run-title"
      data-testid="run"
      data-status={run?.status ?? "NONE"}
      data-outcome={done ? (run?.result?.outcome ?? "error") : ""}
      aria-busy={run ? !done : false}
    >
      <div className={styles.head}>
        <h2 id="run-title" aria-live="polite">
          {run ? headline(run) : "Run"}
        </h2>
        <span className="muted small">A run is not graded and does not count as an attempt.</span>
      </div>
      {problem && (
        <p className="alert" role="alert" data-testid="run-problem">
          {problem}
        </p>
      )}
      {run && run.status === "RUNNING" && <Live lines={run.live?.lines ?? []} />}
      {run && run.status === "QUEUED" && (
        <div className="stack" aria-hidden>
          <div className="skeleton" style={{ height: 80 }} />
        </div>
      )}
      {run && done && run.result && <Result result={run.result} />}
    </section>
  );
}
