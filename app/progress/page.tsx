import Link from "next/link";
import { deadlinesFor } from "@/lib/cohorts/deadlines";
import { listCourse } from "@/lib/courses/exercises";
import { NO_PROGRESS, progressFor } from "@/lib/courses/progress";
import { userOrSignIn } from "@/app/_server/auth";
import { DeadlineBadge } from "@/app/_components/DeadlineBadge";
import { ProgressBadge } from "@/app/_components/ProgressBadge";
import { formatDateTime, formatScore } from "@/app/_components/format";

export const metadata = { title: "Progress" };

export default async function ProgressPage() {
  const user = await userOrSignIn("/progress");
  const [course, progress, deadlines] = await Promise.all([listCourse(), progressFor(user.id), deadlinesFor(user.id)]);
  const earned = course.reduce((sum, e) => sum + (progress.get(e.slug)?.bestScore ?? 0), 0);
  const possible = course.reduce((sum, e) => sum + e.points, 0);

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Your progress</h1>
          <p>
            {formatScore(earned)} of {formatScore(possible)} points ·{" "}
            {course.filter((e) => progress.get(e.slug)?.passed).length} of {course.length} passed
          </p>
        </div>
      </div>
      <div className="card table-wrap">
        <table className="data" data-testid="progress-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Exercise</th>
              <th scope="col">Best score</th>
              <th scope="col">Attempts</th>
              <th scope="col">Passed on</th>
              <th scope="col">Deadline</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {course.map((e) => {
              const p = progress.get(e.slug) ?? NO_PROGRESS;
              const deadline = deadlines.get(e.slug);
              return (
                <tr key={e.slug} data-exercise={e.slug} data-passed={p.passed}>
                  <td className="num">{e.order}</td>
                  <td>
                    <Link href={`/exercises/${e.slug}`} prefetch={false}>
                      {e.title}
                    </Link>
                  </td>
                  <td className="num">
                    {p.bestScore === null
                      ? "—"
                      : `${formatScore(p.bestScore)} / ${formatScore(p.maxScore ?? e.points)}`}
                  </td>
                  <td className="num">{p.attempts}</td>
                  <td>{p.passedAt ? formatDateTime(p.passedAt) : "—"}</td>
                  <td>
                    {deadline ? formatDateTime(deadline.dueAt) : <span className="muted">—</span>}{" "}
                    <DeadlineBadge deadline={deadline} progress={p} showDue={false} />
                  </td>
                  <td>
                    <ProgressBadge progress={p} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
