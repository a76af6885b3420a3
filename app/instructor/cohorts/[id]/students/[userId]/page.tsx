import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDateTime, formatScore } from "@/app/_components/format";
import { cohortStaffOrNotFound } from "@/app/instructor/_components/access";
import { AttemptView } from "@/app/instructor/_components/AttemptView";
import type { Attempt } from "@/lib/contracts/instructor";
import { CohortTabs } from "@/app/instructor/_components/CohortTabs";
import { HttpError } from "@/lib/auth/session";
import { listCourse } from "@/lib/courses/exercises";
import { studentAttempts } from "@/lib/instructor/student";

export const metadata = { title: "Student" };

/**
 * Every submission of one student, newest first: code, result, feedback and a timeline. `?open=<id>`
 * opens that attempt (the similarity page links to it).
 */
export default async function StudentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; userId: string }>;
  searchParams: Promise<{ open?: string | string[] }>;
}) {
  const { id, userId } = await params;
  const { open } = await searchParams;
  const { role } = await cohortStaffOrNotFound(id, `/instructor/cohorts/${id}/students/${userId}`);
  const [data, course] = await Promise.all([
    studentAttempts(id, userId).catch((error) => {
      if (error instanceof HttpError && error.status === 404) notFound();
      throw error;
    }),
    listCourse(),
  ]);
  const title = new Map(course.map((e) => [e.slug, e.title]));
  const attempts = [...data.attempts].reverse();

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{data.student.name}</h1>
          <p>
            {data.student.email} · joined {formatDateTime(data.joinedAt)} · {attempts.length} submission
            {attempts.length === 1 ? "" : "s"}
          </p>
        </div>
      </div>
      <CohortTabs cohortId={id} current="student" role={role} />
      <section className="card" aria-labelledby="view-as-title">
        <h2 id="view-as-title" style={{ marginTop: 0 }}>
          View as {data.student.name}
        </h2>
        <p className="muted small">
          Open an exercise exactly as they see it — their code, attempts, hints and due date — read-only.
        </p>
        <ul className="row" data-testid="view-as-list" style={{ listStyle: "none", padding: 0, flexWrap: "wrap" }}>
          {course.map((e) => (
            <li key={e.slug}>
              <Link className="button" href={`/instructor/cohorts/${id}/students/${userId}/exercises/${e.slug}`}>
                {e.order}. {e.title}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {attempts.length === 0 ? (
        <p className="card muted">No submissions yet.</p>
      ) : (
        <ol className="ix-timeline" data-testid="student-timeline">
          {attempts.map((a) => (
            <li key={a.id} id={`attempt-${a.id}`} data-verdict={a.verdict ?? a.status} data-exercise={a.exercise}>
              <details open={a.id === open}>
                <summary>
                  <b>{formatDateTime(a.createdAt)}</b> · <span>{title.get(a.exercise) ?? a.exercise}</span> attempt #
                  {a.number} · {a.verdict ? a.verdict.toLowerCase() : a.status.toLowerCase()}
                  {a.score !== null && ` ${formatScore(a.score)}/${formatScore(a.maxScore ?? 0)}`}
                  {a.gradings.some((g) => g.regrade) && (
                    <span className="badge accent" style={{ marginLeft: 6 }}>
                      regraded
                    </span>
                  )}
                </summary>
                <div style={{ marginTop: "0.75rem" }}>
                  <AttemptView attempt={JSON.parse(JSON.stringify(a)) as Attempt} cohortId={id} />
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
