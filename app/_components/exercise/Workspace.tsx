"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Hint } from "@/lib/courses/exercises";
import { ApiError, TERMINAL, createSubmission, fetchSubmission, watchSubmission, type SubmissionView } from "./api";
import { Attempts, type AttemptItem } from "./Attempts";
import { CodeEditor } from "./CodeEditor";
import { Hints } from "./Hints";
import { ResultPanel } from "./ResultPanel";
import { AttemptCode } from "./AttemptCode";
import { SaveIndicator } from "./SaveIndicator";
import { useAutosave } from "./useAutosave";

export interface WorkspaceProps {
  slug: string;
  title: string;
  starter: string;
  initialCode: string;
  draftSavedAt: string | null;
  hints: Hint[];
  attempts: AttemptItem[];
  statement: React.ReactNode;
}

const isDone = (v?: SubmissionView) => !!v && TERMINAL.includes(v.status);

/** The exercise's working area: editor, submit, the live result, hints and earlier attempts. */
export function Workspace(props: WorkspaceProps) {
  const { slug, starter } = props;
  const [code, setCode] = useState(props.initialCode);
  const saveState = useAutosave(slug, code, props.draftSavedAt);
  const [attempts, setAttempts] = useState(props.attempts);
  const [views, setViews] = useState<Record<string, SubmissionView>>({});
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<string | null>(props.attempts[0]?.id ?? null);
  const [liveId, setLiveId] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const watchers = useRef(new Map<string, () => void>());
  const router = useRouter();

  const apply = useCallback((view: SubmissionView) => {
    setViews((prev) => ({ ...prev, [view.id]: view }));
    if (view.code !== undefined) setCodes((prev) => ({ ...prev, [view.id]: view.code! }));
    setAttempts((prev) =>
      prev.map((a) =>
        a.id === view.id ? { ...a, status: view.status, verdict: view.verdict, score: view.score, maxScore: view.maxScore } : a,
      ),
    );
  }, []);

  const follow = useCallback(
    (id: string) => {
      if (watchers.current.has(id)) return;
      const stop = watchSubmission(
        id,
        (view) => {
          apply(view);
          if (isDone(view)) {
            watchers.current.delete(id);
            // The page's server parts (progress and deadline badges) catch up; this state stays.
            router.refresh();
          }
        },
        () => {
          // The stream was refused (not reconnecting): show the stored state instead.
          watchers.current.delete(id);
          fetchSubmission(id).then(apply, () => setProblem("Lost the connection to the grader. Reload the page to see the result."));
        },
      );
      watchers.current.set(id, stop);
    },
    [apply, router],
  );

  const open = useCallback(
    async (id: string) => {
      setSelected(id);
      try {
        const view = await fetchSubmission(id);
        apply(view);
        if (!isDone(view)) follow(id);
      } catch (error) {
        setProblem(error instanceof Error ? error.message : "Could not open that attempt.");
      }
    },
    [apply, follow],
  );

  useEffect(() => {
    const all = watchers.current;
    if (props.attempts[0]) void open(props.attempts[0].id);
    return () => {
      for (const stop of all.values()) stop();
      all.clear();
    };
    // Only on mount: the latest attempt is shown when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const busy = posting || (liveId !== null && !isDone(views[liveId]));

  async function submit() {
    if (busy) return;
    setPosting(true);
    setProblem(null);
    try {
      const created = await createSubmission(slug, code);
      const now = new Date().toISOString();
      const view: SubmissionView = {
        id: created.id, exercise: slug, status: created.status, verdict: null, score: null, maxScore: null,
        createdAt: now, gradedAt: null, code, result: null,
      };
      setAttempts((prev) => [{ id: created.id, status: created.status, verdict: null, score: null, maxScore: null, createdAt: now }, ...prev]);
      setViews((prev) => ({ ...prev, [created.id]: view }));
      setCodes((prev) => ({ ...prev, [created.id]: code }));
      setSelected(created.id);
      setLiveId(created.id);
      follow(created.id);
    } catch (error) {
      if (error instanceof ApiError && error.retryAfterSeconds)
        setProblem(`${error.message} You can submit again in ${error.retryAfterSeconds} s.`);
      else setProblem(error instanceof Error ? error.message : "Could not submit.");
    } finally {
      setPosting(false);
    }
  }

  function onKeyDownCapture(event: React.KeyboardEvent) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      void submit();
    }
  }

  function resetToStarter() {
    if (window.confirm("Replace your code with the starter code? Your attempts stay in the list.")) setCode(starter);
  }

  const index = selected ? attempts.findIndex((a) => a.id === selected) : -1;
  const view = selected ? views[selected] ?? null : null;
  const previous = index >= 0 ? attempts[index + 1] : undefined;
  const failedAttempts = attempts.filter((a) => a.verdict === "FAILED" || a.verdict === "ERROR").length;

  async function ensureCode(id: string) {
    if (codes[id] !== undefined) return;
    const fetched = await fetchSubmission(id);
    apply(fetched);
  }

  return (
    <div className="exercise-grid">
      <div className="stack">
        {props.statement}
        <Hints hints={props.hints} failedAttempts={failedAttempts} />
      </div>
      <div className="stack">
        <section className="card editor-card" aria-label="Your solution" onKeyDownCapture={onKeyDownCapture}>
          <div className="editor-bar">
            <strong>solution.py</strong>
            <SaveIndicator state={saveState} />
            <span className="spacer" />
            <button type="button" className="button link" onClick={resetToStarter}>
              Reset to starter
            </button>
          </div>
          <CodeEditor value={code} onChange={setCode} label={`Your solution for ${props.title}`} />
          <div className="editor-bar bottom">
            <span className="muted small">
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submits · <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor
            </span>
            <span className="spacer" />
            <button type="button" className="button primary" onClick={submit} disabled={busy} data-testid="submit">
              {posting ? "Submitting…" : busy ? "Grading…" : "Submit"}
            </button>
          </div>
        </section>
        <div role="alert">{problem && <p className="alert">{problem}</p>}</div>
        <ResultPanel
          view={view}
          attemptNumber={index >= 0 ? attempts.length - index : null}
          footer={
            view && isDone(view) ? (
              <AttemptCode
                key={view.id}
                code={codes[view.id]}
                previousCode={previous ? codes[previous.id] : undefined}
                previousNumber={previous ? attempts.length - index - 1 : null}
                onNeedCode={async () => {
                  await ensureCode(view.id);
                  if (previous) await ensureCode(previous.id);
                }}
                onLoad={(c) => setCode(c)}
              />
            ) : null
          }
        />
        <Attempts attempts={attempts} selected={selected} onOpen={open} />
      </div>
    </div>
  );
}
