"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { formatDateTime, formatScore } from "@/app/_components/format";
import styles from "@/app/_components/reports.module.css";
import { request } from "@/lib/contracts/fetch";
import { studentAttemptsSchema, type Attempt } from "@/lib/contracts/instructor";
import { ANSWER_MAX, answeredReportSchema, type CohortReport } from "@/lib/contracts/reports";
import { cohortApi } from "./api";
import { AttemptView } from "./AttemptView";
import { ReportStatus } from "./ReportStatus";

type Action = "regrade" | "override" | "decline";

const SUBMIT = { regrade: "Regrade the attempt", override: "Override the score", decline: "Decline the report" };

/** The answer's form: regrade, a score override with its reason, or a decline with its reason. */
function AnswerForm({
  cohortId,
  report,
  onAnswered,
}: {
  cohortId: string;
  report: CohortReport;
  onAnswered: () => void;
}) {
  const [action, setAction] = useState<Action>("regrade");
  const [score, setScore] = useState(String(report.overrideScore ?? report.graderScore ?? ""));
  const [answer, setAnswer] = useState("");
  const [sending, setSending] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const max = report.maxScore ?? 0;

  async function send(event: React.FormEvent) {
    event.preventDefault();
    setSending(true);
    setStatus(null);
    const body =
      action === "override"
        ? { action, score: Number(score), answer }
        : action === "decline"
          ? { action, answer }
          : {
              action,
              ...(answer.trim() ? { answer } : {}),
            };
    try {
      const { report: answered } = await request(
        "PUT",
        `${cohortApi(cohortId)}/reports/${encodeURIComponent(report.id)}`,
        answeredReportSchema,
        { body },
      );
      setStatus(
        answered.status === "REGRADED"
          ? "Answered: the attempt is queued for a regrade."
          : answered.status === "OVERRIDDEN"
            ? `Answered: the attempt now counts as ${formatScore(answered.overrideScore ?? 0)}/${formatScore(max)}.`
            : "Answered: the report is declined.",
      );
      setAnswer("");
      onAnswered();
    } catch (e) {
      // What was typed stays in the form.
      setStatus((e as Error).message);
    } finally {
      setSending(false);
    }
  }

  const id = (name: string) => `${name}-${report.id}`;
  return (
    <form className="stack" style={{ gap: "0.6rem" }} onSubmit={send} data-testid="answer-form">
      <h3 style={{ margin: 0 }}>{report.status === "OPEN" ? "Answer" : "Change the answer"}</h3>
      <fieldset className={styles.choices}>
        <legend className="visually-hidden">Answer</legend>
        {(["regrade", "override", "decline"] as const).map((a) => (
          <label key={a} className="row small" style={{ gap: 4 }}>
            <input type="radio" name={id("action")} checked={action === a} onChange={() => setAction(a)} />
            {{ regrade: "Regrade", override: "Override the score", decline: "Decline" }[a]}
          </label>
        ))}
      </fieldset>
      {action === "override" && (
        <label className="row small" htmlFor={id("score")}>
          New score
          <input
            id={id("score")}
            className={styles.score}
            type="number"
            min={0}
            max={max}
            step="any"
            required
            value={score}
            onChange={(e) => setScore(e.target.value)}
          />
          <span className="muted">
            of {formatScore(max)} (the grader gave {report.graderScore === null ? "—" : formatScore(report.graderScore)}
            ; its result is kept)
          </span>
        </label>
      )}
      <label htmlFor={id("answer")} className="small">
        <strong>{action === "regrade" ? "Note to the student (optional)" : "Reason (the student reads it)"}</strong>
      </label>
      <textarea
        id={id("answer")}
        className={styles.textarea}
        value={answer}
        maxLength={ANSWER_MAX}
        required={action !== "regrade"}
        onChange={(e) => setAnswer(e.target.value)}
      />
      <div className="row">
        <button type="submit" className="button primary" disabled={sending}>
          {sending ? "Sending…" : SUBMIT[action]}
        </button>
        {status && (
          <span className="small" role="status">
            {status}
          </span>
        )}
      </div>
    </form>
  );
}

/** A report opened in place: the student's note, the attempt as they saw it, and the answer. */
export function ReportPanel(props: {
  cohortId: string;
  report: CohortReport;
  onAnswered: () => void;
  onClose: () => void;
}) {
  const { cohortId, report } = props;
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const student = `${cohortApi(cohortId)}/students/${encodeURIComponent(report.student.id)}`;
    request("GET", `${student}?exercise=${encodeURIComponent(report.exerciseSlug)}`, studentAttemptsSchema)
      .then((data) => {
        if (!live) return;
        const found = data.attempts.find((a) => a.id === report.submissionId);
        if (found) setAttempt(found);
        else setError("This attempt is no longer there.");
      })
      .catch((e) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [cohortId, report.student.id, report.exerciseSlug, report.submissionId]);

  return (
    <section
      className="card ix-panel stack"
      data-testid="report-panel"
      data-report={report.id}
      aria-label={`Report by ${report.student.name} on ${report.exerciseTitle}`}
    >
      <div className="row">
        <div>
          <h2 style={{ margin: 0 }}>
            {report.student.name} · {report.exerciseTitle} · attempt #{report.attemptNumber}
          </h2>
          <Link className="small" href={`/instructor/cohorts/${cohortId}/students/${report.student.id}`}>
            Every attempt by {report.student.name} →
          </Link>
        </div>
        <span className="spacer" />
        <button type="button" className="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className="small" style={{ margin: 0 }}>
        <ReportStatus report={report} />{" "}
        <span className="muted">
          reported {formatDateTime(report.createdAt)}
          {report.answeredAt &&
            ` · answered ${formatDateTime(report.answeredAt)}${report.answeredBy ? ` by ${report.answeredBy}` : ""}`}
          {report.status === "REGRADED" &&
            (report.regradedAt
              ? ` · regraded ${formatDateTime(report.regradedAt)}`
              : " · regrade waiting for a grader")}
        </span>
      </p>
      <blockquote className={styles.quote} aria-label="The student's note" data-testid="report-note">
        {report.note}
      </blockquote>
      {report.answer && (
        <blockquote className={`${styles.quote} ${styles.answer}`} aria-label="The answer">
          {report.answer}
        </blockquote>
      )}
      {report.status === "OVERRIDDEN" && report.overrideScore !== null && (
        <p className="small" style={{ margin: 0 }} data-testid="override-beside">
          Credited <strong>{formatScore(report.overrideScore)}</strong>/{formatScore(report.maxScore ?? 0)} in the
          gradebook; the grader&apos;s {report.graderScore === null ? "—" : formatScore(report.graderScore)} is kept.
        </p>
      )}
      <AnswerForm cohortId={cohortId} report={report} onAnswered={props.onAnswered} />
      {error && <p className="alert">{error}</p>}
      {!attempt && !error && <p className="muted">Loading the attempt…</p>}
      {attempt && <AttemptView attempt={attempt} />}
    </section>
  );
}
