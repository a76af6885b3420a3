"use client";

import { useCallback, useEffect, useState } from "react";
import { NOTE_MAX, type ReportView } from "@/lib/contracts/reports";
import { formatDateTime, formatScore } from "../format";
import styles from "../reports.module.css";
import { fetchReports, sendReport } from "./api";

/** While a requested regrade waits for a grader, look again this often (and stop after a while). */
const REGRADE_POLL_MS = 5000;
const REGRADE_POLL_TIMES = 60;

const STATUS_TEXT = {
  OPEN: "Reported: waiting for your instructor",
  REGRADED: "Regraded by your instructor",
  OVERRIDDEN: "Score changed by your instructor",
  DECLINED: "Verdict kept by your instructor",
} as const;

function Answer({ report, score, maxScore }: { report: ReportView; score: number | null; maxScore: number | null }) {
  const max = maxScore === null ? "" : `/${formatScore(maxScore)}`;
  return (
    <div className="stack" style={{ gap: "0.4rem" }}>
      <p className="small" style={{ margin: 0 }}>
        <span
          className={`badge ${report.status === "DECLINED" ? "warn" : report.status === "OPEN" ? "accent" : "ok"}`}
          data-testid="report-status"
        >
          {STATUS_TEXT[report.status]}
        </span>{" "}
        <span className="muted">
          reported {formatDateTime(report.createdAt)}
          {report.answeredAt &&
            ` · answered ${formatDateTime(report.answeredAt)}${report.answeredBy ? ` by ${report.answeredBy}` : ""}`}
        </span>
      </p>
      <blockquote className={styles.quote} aria-label="Your note">
        {report.note}
      </blockquote>
      {report.status === "OVERRIDDEN" && report.overrideScore !== null && (
        <p style={{ margin: 0 }} data-testid="report-override">
          This attempt now counts as{" "}
          <strong>
            {formatScore(report.overrideScore)}
            {max}
          </strong>{" "}
          in your grades; the grader&apos;s result{score === null ? "" : ` (${formatScore(score)}${max})`} stays above.
        </p>
      )}
      {report.status === "REGRADED" && (
        <p style={{ margin: 0 }} className="small" data-testid="report-regrade">
          {report.regradedAt
            ? `Graded again ${formatDateTime(report.regradedAt)}: the result above is the new grading.`
            : "The attempt is being graded again; the new result appears above when the grader has finished."}
        </p>
      )}
      {report.answer && (
        <blockquote className={`${styles.quote} ${styles.answer}`} data-testid="report-answer" aria-label="Answer">
          {report.answer}
        </blockquote>
      )}
    </div>
  );
}

/**
 * "Report a grading problem" on a graded attempt: a note to the cohort's instructors, then the
 * report's status and their answer. `onRegraded` reloads the attempt once a requested regrade is in.
 */
export function ReportProblem(props: {
  submissionId: string;
  score: number | null;
  maxScore: number | null;
  onRegraded: (submissionId: string) => void;
}) {
  const { submissionId, onRegraded } = props;
  const [reports, setReports] = useState<ReportView[] | null>(null);
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState("");
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(
    () => fetchReports(submissionId).then(setReports, (e: Error) => setProblem(`Could not load reports: ${e.message}`)),
    [submissionId],
  );
  useEffect(() => void load(), [load]);

  const latest = reports?.[0];
  const waitingForRegrade = latest?.status === "REGRADED" && latest.regradedAt === null;
  useEffect(() => {
    if (!waitingForRegrade) return;
    let times = 0;
    const timer = setInterval(async () => {
      if (++times > REGRADE_POLL_TIMES) return clearInterval(timer);
      const fresh = await fetchReports(submissionId).catch(() => null);
      if (fresh?.[0]?.regradedAt) {
        clearInterval(timer);
        setReports(fresh);
        onRegraded(submissionId);
      }
    }, REGRADE_POLL_MS);
    return () => clearInterval(timer);
  }, [waitingForRegrade, submissionId, onRegraded]);

  async function send(event: React.FormEvent) {
    event.preventDefault();
    setSending(true);
    setProblem(null);
    try {
      const report = await sendReport(submissionId, note);
      setReports((prev) => [report, ...(prev ?? [])]);
      setWriting(false);
      setNote("");
    } catch (e) {
      // The note stays in the box: nothing typed is lost to a refusal (a 429's message says how long to wait).
      setProblem((e as Error).message);
    } finally {
      setSending(false);
    }
  }

  const canReport = reports !== null && latest?.status !== "OPEN";
  return (
    <section
      className={styles.block}
      aria-labelledby={`report-${submissionId}`}
      data-testid="report"
      data-status={latest?.status ?? "NONE"}
    >
      <div className="row">
        <h3 id={`report-${submissionId}`} style={{ margin: 0 }}>
          Grading problem?
        </h3>
        <span className="spacer" />
        {canReport && !writing && (
          <button type="button" className="button" onClick={() => setWriting(true)} data-testid="report-open">
            Report a grading problem
          </button>
        )}
      </div>
      {reports === null && !problem && <p className="muted small">Loading…</p>}
      {reports?.length === 0 && !writing && (
        <p className="muted small" style={{ margin: 0 }}>
          If you think this verdict is wrong, tell your instructors why: they can grade the attempt again, change its
          score, or explain the verdict.
        </p>
      )}
      {writing && (
        <form onSubmit={send} className="stack" style={{ gap: "0.5rem" }} data-testid="report-form">
          <label htmlFor={`report-note-${submissionId}`} className="small">
            <strong>What do you think is wrong with this verdict?</strong> Your cohort&apos;s instructors read it beside
            this attempt.
          </label>
          <textarea
            id={`report-note-${submissionId}`}
            className={styles.textarea}
            value={note}
            maxLength={NOTE_MAX}
            onChange={(e) => setNote(e.target.value)}
            placeholder="e.g. My two tasks do run at the same time: the timing check says 1.4 s but my run took 0.9 s."
            required
            autoFocus
          />
          <div className="row">
            <span className={`muted small ${styles.counter}`} aria-live="polite">
              {note.length}/{NOTE_MAX}
            </span>
            <span className="spacer" />
            <button type="button" className="button link" onClick={() => setWriting(false)}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={sending || !note.trim()}>
              {sending ? "Sending…" : "Send report"}
            </button>
          </div>
        </form>
      )}
      <div role="alert">{problem && <p className="alert">{problem}</p>}</div>
      {reports?.map((r) => (
        <Answer key={r.id} report={r} score={props.score} maxScore={props.maxScore} />
      ))}
    </section>
  );
}
