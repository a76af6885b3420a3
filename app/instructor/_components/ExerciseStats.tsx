import { formatDateTime } from "@/app/_components/format";
import type { Dashboard } from "@/lib/instructor/dashboard";
import { formatDuration, percent } from "./format";
import { Regrade } from "./Regrade";

/** Per exercise: how many passed, how hard it was, and the mistakes to teach again tomorrow. */
export function ExerciseStats({ data, canRegrade = true }: { data: Dashboard; canRegrade?: boolean }) {
  const byslug = new Map(data.stats.map((s) => [s.slug, s]));
  const tried = data.exercises.filter((e) => byslug.get(e.slug)!.attempted > 0);
  const untried = data.exercises.filter((e) => byslug.get(e.slug)!.attempted === 0);
  return (
    <section className="stack">
      <h2>Exercises</h2>
      <div className="ix-grid" data-testid="exercise-stats">
        {tried.map((e) => {
          const s = byslug.get(e.slug)!;
          return (
            <article key={e.slug} className="card stack" data-testid="exercise-card" data-exercise={e.slug}>
              <div>
                <span className="eyebrow">Exercise {e.order}</span>
                <h3 style={{ margin: 0 }}>{e.title}</h3>
                {e.dueAt && <span className="muted small">Due {formatDateTime(e.dueAt)}</span>}
              </div>
              <div>
                <div className="row small">
                  <span data-testid="pass-rate">
                    <b>{percent(s.passRate)}</b> passed ({s.passed} of {data.students.length})
                  </span>
                  <span className="muted">{s.attempted} tried</span>
                </div>
                <div className="ix-bar">
                  <span style={{ width: percent(s.passRate) }} />
                </div>
              </div>
              <dl
                className="small"
                style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "0.15rem 0.75rem", margin: 0 }}
              >
                <dt className="muted">Median attempts to pass</dt>
                <dd style={{ margin: 0 }} data-testid="median-attempts">
                  {s.medianAttemptsToPass ?? "—"}
                </dd>
                <dt className="muted">Median first try → pass</dt>
                <dd style={{ margin: 0 }} data-testid="median-time">
                  {formatDuration(s.medianMsToPass)}
                </dd>
              </dl>
              <div>
                <h4 style={{ margin: "0 0 0.4rem" }}>Checks students fail most</h4>
                {s.mostFailed.length === 0 ? (
                  <p className="muted small">No failed checks yet.</p>
                ) : (
                  <ul className="ix-failed" data-testid="most-failed">
                    {s.mostFailed.slice(0, 3).map((f) => (
                      <li key={f.checkId} data-check={f.checkId} data-share={f.share.toFixed(4)}>
                        <span className="share">{percent(f.share)}</span>
                        <div>
                          <p>{f.message}</p>
                          <span className="id">
                            {f.checkId} · {f.students} student{f.students === 1 ? "" : "s"}
                          </span>
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              {canRegrade && <Regrade cohortId={data.cohort.id} slug={e.slug} title={e.title} />}
            </article>
          );
        })}
      </div>
      {untried.length > 0 && (
        <div className="card small" data-testid="untried">
          <span className="muted">Nobody has tried these yet: </span>
          <span className="ix-untried">
            {untried.map((e) => (
              <span key={e.slug} className="badge" title={e.dueAt ? `Due ${formatDateTime(e.dueAt)}` : undefined}>
                {e.order}. {e.title}
              </span>
            ))}
          </span>
        </div>
      )}
    </section>
  );
}
