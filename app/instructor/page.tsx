import Link from "next/link";
import { formatDate } from "@/app/_components/format";
import { cohortsAssistedBy } from "@/lib/instructor/assistants";
import { cohortsTaughtBy } from "@/lib/instructor/cohorts";
import { staffHomeOrNotFound } from "./_components/access";
import { CohortForm } from "./_components/CohortForm";

export const metadata = { title: "Teaching" };

export default async function InstructorHome() {
  const { user, instructor } = await staffHomeOrNotFound("/instructor");
  // A TA (any account) sees the cohorts they assist in; an instructor who also assists sees both.
  const [taught, assisted] = await Promise.all([instructor ? cohortsTaughtBy(user) : [], cohortsAssistedBy(user)]);
  const cohorts = [...taught, ...assisted.filter((a) => !taught.some((t) => t.id === a.id))];
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Your cohorts</h1>
          <p>Open a cohort&apos;s dashboard to see who is stuck and why.</p>
        </div>
      </div>
      {cohorts.length === 0 ? (
        <p className="card muted">You do not teach a cohort yet: create one below and share its join code.</p>
      ) : (
        <div className="ix-grid" data-testid="cohort-list">
          {cohorts.map((c) => (
            <Link
              key={c.id}
              href={`/instructor/cohorts/${c.id}`}
              className="card"
              style={{ textDecoration: "none", color: "inherit" }}
            >
              <h2 style={{ marginBottom: "0.25rem" }}>{c.name}</h2>
              <p className="muted small" style={{ margin: 0 }}>
                {c._count.enrollments} student{c._count.enrollments === 1 ? "" : "s"} · join code{" "}
                <code>{c.joinCode}</code>
              </p>
              <p className="muted small" style={{ margin: 0 }}>
                {c.startsAt ? formatDate(c.startsAt) : "No start date"} –{" "}
                {c.endsAt ? formatDate(c.endsAt) : "no end date"} ·{" "}
                {c.latePolicy === "MARK_LATE" ? "late work marked late" : "late work earns no credit"}
              </p>
            </Link>
          ))}
        </div>
      )}
      {instructor && (
        <section className="card">
          <h2>New cohort</h2>
          <CohortForm />
        </section>
      )}
    </div>
  );
}
