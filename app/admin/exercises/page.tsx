import Link from "next/link";
import { listCourse } from "@/lib/courses/exercises";
import { readDescription, readTest } from "@/lib/exercise-tests/store";
import { formatDateTime } from "@/app/_components/format";
import { staffOrNotFound } from "./access";

export const metadata = { title: "Exercises" };
export const dynamic = "force-dynamic";

/** Every exercise with what its grader checks and how its last test through the sandbox went. */
export default async function ExercisesAdmin() {
  const { canTest } = await staffOrNotFound("/admin/exercises");
  const course = await listCourse();
  // Redis away: the list still shows, without the worker's figures.
  const extras = await Promise.all(
    course.map((e) => Promise.all([readDescription(e.slug), readTest(e.slug)]).catch(() => [null, null] as const)),
  );
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Exercises</h1>
          <p>
            Each exercise&apos;s checks, hidden scenarios and shipped solutions.{" "}
            {canTest
              ? "Open one to test its solutions through the real grader."
              : "Admins can test their solutions through the real grader."}
          </p>
        </div>
      </div>
      <section className="card table-wrap">
        <table className="data" data-testid="exercises">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Exercise</th>
              <th scope="col">Checks</th>
              <th scope="col">Scenarios</th>
              <th scope="col">Solutions</th>
              <th scope="col">Last test</th>
            </tr>
          </thead>
          <tbody>
            {course.map((e, i) => {
              const [description, test] = extras[i];
              const mismatched = test?.rows.filter((r) => r.status === "done" && !r.ok).length ?? 0;
              return (
                <tr key={e.slug} data-exercise={e.slug}>
                  <td className="num">{e.order}</td>
                  <td>
                    <Link href={`/admin/exercises/${e.slug}`}>{e.title}</Link>
                    <br />
                    <span className="muted small">{e.slug}</span>
                  </td>
                  <td className="num">{description?.checks.length ?? "—"}</td>
                  <td className="num">{description?.scenarios.length ?? "—"}</td>
                  <td className="num">{description?.solutions.length ?? "—"}</td>
                  <td>
                    {!test ? (
                      <span className="muted">never (or over a day ago)</span>
                    ) : test.status === "DONE" ? (
                      <span className={`badge ${mismatched ? "bad" : "ok"}`}>
                        {mismatched ? `${mismatched} mismatched` : "all as expected"} · ×{test.repeat}
                      </span>
                    ) : (
                      <span className="badge accent">{test.status.toLowerCase()}</span>
                    )}
                    {test && (
                      <span className="muted small" suppressHydrationWarning>
                        {" "}
                        {formatDateTime(test.createdAt)}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
