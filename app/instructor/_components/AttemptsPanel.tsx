"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { formatDateTime, formatScore } from "@/app/_components/format";
import { studentAttemptsSchema, type Attempt } from "@/lib/contracts/instructor";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "./api";
import { AttemptView } from "./AttemptView";

/** A matrix cell opened in place: that student's attempts at that exercise, latest selected. */
export function AttemptsPanel(props: {
  cohortId: string;
  studentId: string;
  studentName: string;
  slug: string;
  title: string;
  onClose: () => void;
}) {
  const [attempts, setAttempts] = useState<Attempt[] | null>(null);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setAttempts(null);
    setError(null);
    request(
      "GET",
      `${cohortApi(props.cohortId)}/students/${props.studentId}?exercise=${encodeURIComponent(props.slug)}`,
      studentAttemptsSchema,
    )
      .then((data) => {
        if (!live) return;
        const list = data.attempts;
        setAttempts(list);
        setSelected(list.length - 1);
      })
      .catch((e) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [props.cohortId, props.studentId, props.slug]);

  const attempt = attempts?.[selected];
  return (
    <section
      className="card ix-panel stack"
      data-testid="attempts-panel"
      aria-label={`${props.studentName}: ${props.title}`}
    >
      <div className="row">
        <div>
          <h2 style={{ margin: 0 }}>
            {props.studentName} · {props.title}
          </h2>
          <Link className="small" href={`/instructor/cohorts/${props.cohortId}/students/${props.studentId}`}>
            Every attempt by {props.studentName} →
          </Link>{" "}
          ·{" "}
          <Link
            className="small"
            data-testid="view-as-link"
            href={`/instructor/cohorts/${props.cohortId}/students/${props.studentId}/exercises/${props.slug}`}
          >
            View as {props.studentName} →
          </Link>
        </div>
        <span className="spacer" />
        <button type="button" className="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {error && <p className="alert">{error}</p>}
      {!attempts && !error && <p className="muted">Loading attempts…</p>}
      {attempts && attempts.length === 0 && <p className="muted">No attempts yet.</p>}
      {attempts && attempts.length > 0 && (
        <ul className="ix-attempt-list" data-testid="attempt-list">
          {attempts.map((a, i) => (
            <li key={a.id}>
              <button
                type="button"
                aria-current={i === selected}
                data-verdict={a.verdict ?? a.status}
                title={formatDateTime(a.createdAt)}
                onClick={() => setSelected(i)}
              >
                #{a.number}{" "}
                {a.score === null ? a.status.toLowerCase() : `${formatScore(a.score)}/${formatScore(a.maxScore ?? 0)}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {attempt && <AttemptView key={attempt.id} attempt={attempt} cohortId={props.cohortId} />}
    </section>
  );
}
