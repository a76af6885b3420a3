import Link from "next/link";
import { notFound } from "next/navigation";
import type { ExerciseDescription, ExerciseTest, HiddenParameter } from "@/lib/contracts/exercise-tests";
import { getExercise } from "@/lib/courses/exercises";
import { readDescription, readTest } from "@/lib/exercise-tests/store";
import { formatDateTime } from "@/app/_components/format";
import { staffOrNotFound } from "../access";
import { ExerciseTester } from "./ExerciseTester";

export const metadata = { title: "Exercise" };
export const dynamic = "force-dynamic";

function range(p: HiddenParameter): string {
  if (p.min === null || p.max === null) return "—";
  const span = p.min === p.max ? `${p.min}` : `${p.min} – ${p.max}`;
  if (p.kind === "string") return `${span} characters`;
  if (p.kind === "count") return `${span} entries`;
  return span;
}

function Scenarios({ description }: { description: ExerciseDescription }) {
  return (
    <section className="card stack" aria-labelledby="scenarios-title" data-testid="scenarios">
      <h2 id="scenarios-title" style={{ margin: 0 }}>
        Scenarios and hidden arguments
      </h2>
      <p className="muted small" style={{ margin: 0 }}>
        Every grading draws fresh hidden arguments from a seeded generator; the ranges below are what{" "}
        {description.samples} draws gave (<code>*</code> stands for a hidden name, <code>[]</code> for every item).
      </p>
      {description.scenarios.map((s) => (
        <div key={s.id} data-scenario={s.id}>
          <h3 style={{ margin: "0.5rem 0 0.25rem" }}>
            <code>{s.id}</code>{" "}
            <span className="muted small">
              {s.kind === "script"
                ? "runs the file as a script"
                : s.kind === "driver"
                  ? `driver entry ${s.target}`
                  : `calls ${s.target}()`}{" "}
              · time limit {s.timeout} s{s.requires.length ? ` · needs ${s.requires.join(", ")}` : ""}
              {s.coroutines.length ? ` (async: ${s.coroutines.join(", ")})` : ""}
            </span>
          </h3>
          {s.parameters.length === 0 ? (
            <p className="muted small">No hidden arguments.</p>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Argument</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Range</th>
                  <th scope="col">Distinct</th>
                  <th scope="col">Examples</th>
                </tr>
              </thead>
              <tbody>
                {s.parameters.map((p) => (
                  <tr key={`${p.path}:${p.kind}`} data-parameter={p.path}>
                    <td>
                      <code>{p.path}</code>
                    </td>
                    <td>{p.kind}</td>
                    <td className="num">{range(p)}</td>
                    <td className="num">{p.distinct >= 50 ? "50+" : p.kind === "count" ? "" : p.distinct}</td>
                    <td className="small">{p.examples.map((e) => JSON.stringify(e)).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}

function Checks({ description }: { description: ExerciseDescription }) {
  const total = description.checks.reduce((sum, c) => sum + c.weight, 0);
  return (
    <section className="card stack" aria-labelledby="checks-title" data-testid="checks">
      <h2 id="checks-title" style={{ margin: 0 }}>
        Checks
      </h2>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Weight</th>
            <th scope="col">Points</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {description.checks.map((c) => (
            <tr key={c.id} data-check={c.id}>
              <td>
                <code>{c.id}</code>
              </td>
              <td className="num">{c.weight}</td>
              <td className="num">{total ? Math.round((c.weight / total) * description.points * 100) / 100 : 0}</td>
              <td>{c.kind === "gate" ? "gate (earns nothing, lets the others be judged)" : (c.kind ?? "—")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One exercise for staff: what the grader checks and runs, and its solutions tested through it. */
export default async function ExerciseAdmin({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { canTest } = await staffOrNotFound(`/admin/exercises/${slug}`);
  const exercise = await getExercise(slug);
  if (!exercise) notFound();
  let description: ExerciseDescription | null = null;
  let test: ExerciseTest | null = null;
  let unreachable = false;
  try {
    [description, test] = await Promise.all([readDescription(slug), readTest(slug)]);
  } catch {
    unreachable = true;
  }
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="small muted">
        <Link href="/admin/exercises">Exercises</Link> / {exercise.order}
      </nav>
      <div className="page-head">
        <div>
          <h1>{exercise.title}</h1>
          <p>
            <code>{slug}</code> · {exercise.concept} · {exercise.points} points ·{" "}
            <Link href={`/exercises/${slug}`}>the student&apos;s page</Link>
          </p>
        </div>
      </div>
      {unreachable && <p className="alert">Redis cannot be reached: the grader&apos;s description cannot be read.</p>}
      {!description && !unreachable && (
        <p className="alert info" data-testid="no-description">
          No grading worker has described this exercise yet: its checks and scenarios appear once a worker runs (
          <code>npm run worker</code>).
        </p>
      )}
      {description?.problem && <p className="alert">{description.problem}</p>}
      {description && (
        <p className="muted small" suppressHydrationWarning>
          As the grading worker read <code>exercises/{slug}/</code> at {formatDateTime(description.describedAt)}.
        </p>
      )}
      <ExerciseTester exercise={slug} canTest={canTest} initial={test} solutions={description?.solutions ?? []} />
      {description && <Checks description={description} />}
      {description && <Scenarios description={description} />}
    </div>
  );
}
