"use client";

import { useState } from "react";
import { MAX_CODE_BYTES, codeBytes, codeTooLargeMessage } from "@/lib/contracts/limits";
import type { Hint } from "@/lib/courses/exercises";
import { Attempts, type AttemptItem } from "./Attempts";
import { CodeEditor } from "./CodeEditor";
import { Hints } from "./Hints";
import { ResultPanel } from "./ResultPanel";
import { RunPanel } from "./RunPanel";
import { AttemptCode } from "./AttemptCode";
import { ReportProblem } from "./ReportProblem";
import { SaveIndicator } from "./SaveIndicator";
import { formatDateTime } from "../format";
import { useAutosave } from "./useAutosave";
import { useRun } from "./useRun";
import { isDone, useSubmissions } from "./useSubmissions";

export interface WorkspaceProps {
  slug: string;
  title: string;
  starter: string;
  initialCode: string;
  draftSavedAt: string | null;
  hints: Hint[];
  attempts: AttemptItem[];
  statement: React.ReactNode;
  /**
   * An instructor viewing the student's page: the editor cannot be changed, and nothing is saved,
   * run or submitted (the hooks never call an API that writes).
   */
  readOnly?: boolean;
}

/** The exercise's working area: editor, submit, the live result, hints and earlier attempts. */
export function Workspace(props: WorkspaceProps) {
  const { slug, starter, readOnly = false } = props;
  const [code, setCode] = useState(props.initialCode);
  const saveState = useAutosave(slug, code, props.draftSavedAt, 800, !readOnly);
  const {
    attempts,
    codes,
    selected,
    index,
    view,
    posting,
    busy,
    problem,
    open,
    submit: submitCode,
    ensureCode,
  } = useSubmissions(slug, props.attempts);
  // The limit every server path holds code to: said here before a submit or a run is refused for it.
  const bytes = codeBytes(code);
  const oversize = bytes > MAX_CODE_BYTES;
  const submit = () => (readOnly || oversize ? undefined : submitCode(code));
  const runs = useRun(slug, !readOnly);
  const run = () => (readOnly || oversize ? undefined : runs.start(code));

  function onKeyDownCapture(event: React.KeyboardEvent) {
    if (readOnly) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.shiftKey) {
      event.preventDefault();
      event.stopPropagation();
      void run();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      void submit();
    }
  }

  function resetToStarter() {
    if (window.confirm("Replace your code with the starter code? Your attempts stay in the list.")) setCode(starter);
  }

  const previous = index >= 0 ? attempts[index + 1] : undefined;
  const failedAttempts = attempts.filter((a) => a.verdict === "FAILED" || a.verdict === "ERROR").length;

  return (
    <div className="exercise-grid">
      <div className="stack">
        {props.statement}
        <Hints hints={props.hints} failedAttempts={failedAttempts} />
      </div>
      <div className="stack">
        <section
          className="card editor-card"
          aria-label={readOnly ? "Their solution" : "Your solution"}
          onKeyDownCapture={onKeyDownCapture}
        >
          <div className="editor-bar">
            <strong>solution.py</strong>
            {readOnly ? <DraftNote savedAt={props.draftSavedAt} /> : <SaveIndicator state={saveState} />}
            <span className="spacer" />
            {!readOnly && (
              <button type="button" className="button link" onClick={resetToStarter}>
                Reset to starter
              </button>
            )}
          </div>
          <CodeEditor
            value={code}
            onChange={readOnly ? () => undefined : setCode}
            readOnly={readOnly}
            label={
              readOnly ? `The student's solution for ${props.title} (read-only)` : `Your solution for ${props.title}`
            }
          />
          {!readOnly && (
            <div className="editor-bar bottom">
              <span className="muted small">
                <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Enter</kbd> runs · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submits ·{" "}
                <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor
              </span>
              <span className="spacer" />
              <button
                type="button"
                className="button"
                onClick={run}
                disabled={runs.running || oversize}
                data-testid="run-button"
                aria-keyshortcuts="Control+Shift+Enter"
                title="Run your file as a script (python solution.py), without grading it"
              >
                {runs.posting ? "Starting…" : runs.running ? "Running…" : "Run"}
              </button>
              <button
                type="button"
                className="button primary"
                onClick={submit}
                disabled={busy || oversize}
                data-testid="submit"
                aria-keyshortcuts="Control+Enter"
              >
                {posting ? "Submitting…" : busy ? "Grading…" : "Submit"}
              </button>
            </div>
          )}
        </section>
        <div role="alert">
          {!readOnly && oversize && (
            <p className="alert" data-testid="code-too-large">
              {codeTooLargeMessage(bytes)}
            </p>
          )}
          {problem && <p className="alert">{problem}</p>}
        </div>
        {!readOnly && <RunPanel run={runs.run} problem={runs.problem} />}
        <ResultPanel
          view={view}
          attemptNumber={index >= 0 ? attempts.length - index : null}
          footer={
            view && isDone(view) ? (
              <>
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
                {view.status === "GRADED" && (
                  <ReportProblem
                    key={`report-${view.id}`}
                    submissionId={view.id}
                    score={view.score}
                    maxScore={view.maxScore}
                    onRegraded={open}
                  />
                )}
              </>
            ) : null
          }
        />
        <Attempts
          attempts={attempts}
          selected={selected}
          onOpen={open}
          title={readOnly ? "Their attempts" : undefined}
        />
      </div>
    </div>
  );
}

/** In read-only mode: when the student's draft was last saved, in place of the save indicator. */
function DraftNote({ savedAt }: { savedAt: string | null }) {
  return (
    <span className="muted small" data-testid="draft-note" suppressHydrationWarning>
      {savedAt ? `Draft saved ${formatDateTime(savedAt)}` : "No draft saved: the starter code"}
    </span>
  );
}
