"use client";

import { useCallback, useEffect, useState } from "react";
import { formatDateTime } from "@/app/_components/format";
import { watchStream } from "@/app/_components/live/watch";
import { useFollow, type Watch } from "@/app/_components/live/useFollow";
import {
  TEST_REPEATS,
  exerciseTestSchema,
  isTestFinal,
  pendingRows,
  type ExerciseDescription,
  type ExerciseTest,
  type TestRow,
} from "@/lib/contracts/exercise-tests";
import { request } from "@/lib/contracts/fetch";

const api = (exercise: string) => `/api/admin/exercises/${encodeURIComponent(exercise)}/tests`;

const isTestOver = (test: ExerciseTest | null) => !test || isTestFinal(test.status);

/** Follows the exercise's latest test until it is finished; returns a function that stops. */
function watchTest(exercise: string, onUpdate: (test: ExerciseTest | null) => void, onLost: () => void) {
  return watchStream(`${api(exercise)}/events`, "test", exerciseTestSchema.nullable(), isTestOver, onUpdate, onLost);
}

function Outcome({ row }: { row: TestRow }) {
  if (row.status === "pending") return <span className="muted">waiting</span>;
  if (row.status === "running") return <span className="badge accent">grading…</span>;
  return row.ok ? <span className="badge ok">✓ as expected</span> : <span className="badge bad">✗ mismatch</span>;
}

/**
 * The Test button and its live table: every shipped solution graded through the real sandbox
 * (in the worker), each row saying what was owed, what the grader said, and how long it took.
 */
export function ExerciseTester(props: {
  exercise: string;
  canTest: boolean;
  initial: ExerciseTest | null;
  solutions: ExerciseDescription["solutions"];
}) {
  const { exercise } = props;
  const [test, setTest] = useState(props.initial);
  const [repeat, setRepeat] = useState<number>(props.initial?.repeat ?? 1);
  const [posting, setPosting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const watch = useCallback<Watch<ExerciseTest | null>>(
    (onUpdate, onLost) => watchTest(exercise, onUpdate, onLost),
    [exercise],
  );
  const { follow } = useFollow(watch, {
    onUpdate: (view) => {
      if (view) setTest(view);
    },
    isFinal: isTestOver,
    onLost: () => setProblem("Lost the live connection: reload the page to see how the test went."),
  });

  useEffect(() => {
    if (props.initial && !isTestFinal(props.initial.status)) follow();
    // Only on mount: later tests are followed from start().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const running = posting || (test !== null && !isTestFinal(test.status));

  async function start() {
    setPosting(true);
    setProblem(null);
    try {
      setTest(await request("POST", api(exercise), exerciseTestSchema, { body: { repeat } }));
      follow();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : "Could not start the test.");
    } finally {
      setPosting(false);
    }
  }

  const mistakes = new Map(props.solutions.map((s) => [s.file, s.mistake]));
  const rows: TestRow[] = test?.rows ?? pendingRows(props.solutions, 1);
  const done = test?.rows.filter((r) => r.status === "done").length ?? 0;

  return (
    <section
      className="card stack"
      aria-labelledby="test-title"
      data-testid="exercise-test"
      data-status={test?.status ?? "NONE"}
    >
      <div className="row">
        <h2 id="test-title" style={{ margin: 0 }}>
          Test through the grader
        </h2>
        <span className="spacer" />
        {props.canTest ? (
          <>
            <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }} disabled={running}>
              <legend className="muted small" style={{ float: "left", marginRight: "0.5rem" }}>
                Times each
              </legend>
              {TEST_REPEATS.map((n) => (
                <label key={n} className="small">
                  <input
                    type="radio"
                    name="repeat"
                    value={n}
                    checked={repeat === n}
                    onChange={() => setRepeat(n)}
                    aria-label={`${n} time${n === 1 ? "" : "s"} each`}
                  />{" "}
                  ×{n}
                </label>
              ))}
            </fieldset>
            <button
              type="button"
              className="button primary"
              onClick={start}
              disabled={running}
              data-testid="test-button"
            >
              {posting ? "Queueing…" : running ? "Testing…" : "Test"}
            </button>
          </>
        ) : (
          <span className="muted small">Only admins can run a test; you can read the last one.</span>
        )}
      </div>
      <p className="muted small" style={{ margin: 0 }}>
        Grades the reference, every alternative and every known-wrong solution in the real sandbox, in a grading worker,
        exactly as <code>npm run exercises:check</code> does: each must get its expected verdict, and each wrong one
        must fail its named check. Each grading draws new hidden arguments.
      </p>
      <div role="alert">{problem && <p className="alert">{problem}</p>}</div>
      {test && (
        <p className="small" data-testid="test-summary" style={{ margin: 0 }} suppressHydrationWarning>
          {test.status === "QUEUED" && "Queued: waiting for a grading worker…"}
          {test.status === "RUNNING" && `Grading: ${done} of ${test.rows.length} done…`}
          {isTestFinal(test.status) && (test.message ?? test.status.toLowerCase())}
          {` Requested by ${test.requestedBy} at `}
          {formatDateTime(test.createdAt)}, ×{test.repeat}.
        </p>
      )}
      <div className="table-wrap">
        <table className="data" data-testid="test-rows">
          <thead>
            <tr>
              <th scope="col">Solution</th>
              {(test?.repeat ?? 1) > 1 && <th scope="col">Round</th>}
              <th scope="col">Expected</th>
              <th scope="col">Got</th>
              <th scope="col">Time</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={`${r.file}:${r.round}`}
                data-testid="test-row"
                data-file={r.file}
                data-round={r.round}
                data-status={r.status}
                data-ok={r.ok === null ? "" : String(r.ok)}
                style={
                  r.ok === true
                    ? { background: "var(--ok-soft)" }
                    : r.ok === false
                      ? { background: "var(--bad-soft)" }
                      : {}
                }
              >
                <td>
                  <code>{r.file}</code>
                  {mistakes.get(r.file) && <div className="muted small">{mistakes.get(r.file)}</div>}
                </td>
                {(test?.repeat ?? 1) > 1 && <td className="num">{r.round}</td>}
                <td>
                  {r.expect}
                  {r.failsWith && (
                    <>
                      {" "}
                      on <code>{r.failsWith}</code>
                    </>
                  )}
                </td>
                <td>
                  {r.verdict ?? "—"}
                  {r.failed.length > 0 && (
                    <>
                      {" "}
                      on <code>{r.failed.join(", ")}</code>
                    </>
                  )}
                  {r.problem && (
                    <div className="small" style={{ color: "var(--bad)" }}>
                      {r.problem}
                    </div>
                  )}
                </td>
                <td className="num">{r.elapsedMs === null ? "—" : `${(r.elapsedMs / 1000).toFixed(1)} s`}</td>
                <td>
                  <Outcome row={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
