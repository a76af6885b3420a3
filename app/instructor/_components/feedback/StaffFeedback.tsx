"use client";

import { useCallback, useEffect, useState } from "react";
import Markdown from "react-markdown";
import { CodeWithComments, lineRange } from "@/app/_components/feedback/CodeWithComments";
import styles from "@/app/_components/feedback/Feedback.module.css";
import { formatDateTime, formatScore } from "@/app/_components/format";
import { staffFeedbackSchema, type CommentView, type StaffFeedback as Data } from "@/lib/contracts/feedback";
import { request } from "@/lib/contracts/fetch";
import { cohortApi } from "../api";
import { RubricPanel } from "./RubricPanel";

type Range = { start: number; end: number };
const signed = (n: number) => (n > 0 ? `+${formatScore(n)}` : formatScore(n));

/**
 * A submission as course staff review it: select lines (click a line number, Shift+click to extend,
 * or type the range) and comment in Markdown; apply rubric items; see the grade they make; hold or
 * release the exercise's feedback. Loaded and saved through the cohort's API (staff only).
 */
export function StaffFeedback({
  cohortId,
  submissionId,
  code,
}: {
  cohortId: string;
  submissionId: string;
  /** The code, when the caller has it: shown at once (server-rendered), before the comments load. */
  code?: string;
}) {
  const base = `${cohortApi(cohortId)}/submissions/${encodeURIComponent(submissionId)}`;
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [range, setRange] = useState<Range | null>(null);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      setData(await request("GET", `${base}/feedback`, staffFeedbackSchema));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [base]);
  useEffect(() => {
    let live = true;
    request("GET", `${base}/feedback`, staffFeedbackSchema)
      .then((d) => live && setData(d))
      .catch((e) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [base]);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await reload();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!data)
    return (
      <div className="stack">
        {error ? <p className="alert">{error}</p> : <p className="muted">Loading feedback…</p>}
        {code !== undefined && (
          <CodeWithComments code={code} notes={[]} label="Submitted code" testId="attempt-source" />
        )}
      </div>
    );
  const lines = data.code.replace(/\n$/, "").split("\n").length;

  const pick = (n: number, extend: boolean) =>
    setRange((r) => (extend && r ? { start: Math.min(r.start, n), end: Math.max(r.end, n) } : { start: n, end: n }));

  const submit = () =>
    range &&
    act(() =>
      request("POST", `${base}/comments`, null, { body: { startLine: range.start, endLine: range.end, body: draft } }),
    ).then((ok) => {
      if (ok) {
        setDraft("");
        setRange(null);
      }
    });

  return (
    <section className="stack" data-testid="staff-feedback" aria-label="Feedback on this attempt">
      <div className={styles.breakdown} data-testid="staff-grade">
        <span>
          Automatic <b>{formatScore(data.grade.automatic)}</b>
        </span>
        <span>
          Manual <b data-testid="staff-grade-manual">{signed(data.grade.manual)}</b>
        </span>
        <span>
          Grade{" "}
          <b data-testid="staff-grade-final">
            {formatScore(data.grade.final)}/{formatScore(data.grade.maxPoints)}
          </b>
        </span>
        <span className="spacer" />
        <Release cohortId={cohortId} slug={data.exerciseSlug} release={data.release} act={act} busy={busy} />
      </div>

      <h3 style={{ margin: 0 }}>Code and comments</h3>
      <p className="muted small" style={{ margin: 0 }}>
        Click a line number to select it, Shift+click another to select the lines between, then comment below.
      </p>
      <CodeWithComments
        code={data.code}
        label="Submitted code"
        testId="attempt-source"
        selected={range}
        lineCell={(n) => (
          <button
            type="button"
            className={styles.lineButton}
            data-testid="line-number"
            aria-pressed={!!range && n >= range.start && n <= range.end}
            aria-label={`Line ${n}`}
            onClick={(e) => pick(n, e.shiftKey)}
          >
            {n}
          </button>
        )}
        notes={data.comments.map((c) => ({
          id: c.id,
          startLine: c.startLine,
          endLine: c.endLine,
          node: <StaffComment key={c.id} comment={c} mine={c.authorId === data.me} cohortId={cohortId} act={act} />,
        }))}
      />
      <form
        className="stack"
        data-testid="comment-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="row">
          <div className="field">
            <label htmlFor={`from-${submissionId}`}>From line</label>
            <input
              id={`from-${submissionId}`}
              type="number"
              min={1}
              max={lines}
              value={range?.start ?? ""}
              onChange={(e) => {
                const n = Number(e.target.value);
                if (n >= 1) setRange((r) => ({ start: n, end: Math.max(n, r?.end ?? n) }));
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`to-${submissionId}`}>To line</label>
            <input
              id={`to-${submissionId}`}
              type="number"
              min={range?.start ?? 1}
              max={lines}
              value={range?.end ?? ""}
              onChange={(e) => {
                const n = Number(e.target.value);
                if (n >= 1) setRange((r) => ({ start: Math.min(n, r?.start ?? n), end: n }));
              }}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`comment-${submissionId}`}>
            Comment {range ? `on ${lineRange(range.start, range.end)}` : "(select lines first)"} — Markdown, `code`
            allowed
          </label>
          <textarea
            id={`comment-${submissionId}`}
            data-testid="comment-body"
            rows={3}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </div>
        <div className="row">
          <button
            className="button primary"
            type="submit"
            disabled={busy || !range || !draft.trim()}
            data-testid="add-comment"
          >
            Add comment
          </button>
        </div>
      </form>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <RubricPanel
        cohortId={cohortId}
        submissionBase={base}
        rubric={data.rubric}
        act={act}
        busy={busy}
        slug={data.exerciseSlug}
      />
    </section>
  );
}

type Act = (work: () => Promise<unknown>) => Promise<boolean>;

function StaffComment(props: { comment: CommentView; mine: boolean; cohortId: string; act: Act }) {
  const { comment: c } = props;
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(c.body);
  const url = `${cohortApi(props.cohortId)}/comments/${encodeURIComponent(c.id)}`;
  const edited = c.updatedAt !== c.createdAt;
  return (
    <div className={styles.comment} data-testid="comment" data-lines={`${c.startLine}-${c.endLine}`}>
      <div className={styles.meta}>
        {c.author ?? "A former member of staff"} on {lineRange(c.startLine, c.endLine)} · {formatDateTime(c.createdAt)}
        {edited && ` · edited ${formatDateTime(c.updatedAt)}`}
      </div>
      {editing ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void props.act(() => request("PATCH", url, null, { body: { body } })).then((ok) => ok && setEditing(false));
          }}
        >
          <label className="visually-hidden" htmlFor={`edit-${c.id}`}>
            Edit the comment
          </label>
          <textarea id={`edit-${c.id}`} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
          <div className="row">
            <button className="button primary" type="submit">
              Save
            </button>
            <button className="button" type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <Markdown>{c.body}</Markdown>
      )}
      {props.mine && !editing && (
        <div className="row">
          <button type="button" className="button link" onClick={() => setEditing(true)}>
            Edit<span className="visually-hidden"> the comment on {lineRange(c.startLine, c.endLine)}</span>
          </button>
          <button
            type="button"
            className="button link"
            onClick={() => {
              if (confirm("Delete this comment?")) void props.act(() => request("DELETE", url, null));
            }}
          >
            Delete<span className="visually-hidden"> the comment on {lineRange(c.startLine, c.endLine)}</span>
          </button>
        </div>
      )}
    </div>
  );
}

function Release(props: { cohortId: string; slug: string; release: Data["release"]; act: Act; busy: boolean }) {
  const put = (held: boolean) =>
    props.act(() =>
      request("PUT", `${cohortApi(props.cohortId)}/releases`, null, { body: { exerciseSlug: props.slug, held } }),
    );
  return props.release.held ? (
    <span className="row" data-testid="release" data-held="true">
      <span className="badge warn">Feedback held: students see “feedback pending”</span>
      <button
        type="button"
        className="button primary"
        disabled={props.busy}
        onClick={() => put(false)}
        data-testid="release-feedback"
      >
        Release feedback to the cohort
      </button>
    </span>
  ) : (
    <span className="row" data-testid="release" data-held="false">
      <span className="muted small">Students see feedback as you write it.</span>
      <button
        type="button"
        className="button"
        disabled={props.busy}
        onClick={() => put(true)}
        data-testid="hold-feedback"
      >
        Hold this exercise&apos;s feedback
      </button>
    </span>
  );
}
