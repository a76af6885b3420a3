import { CohortForm } from "@/app/instructor/_components/CohortForm";
import { CohortTabs } from "@/app/instructor/_components/CohortTabs";
import { AttemptLimits } from "@/app/instructor/_components/AttemptLimits";
import { Assistants } from "@/app/instructor/_components/Assistants";
import { Deadlines } from "@/app/instructor/_components/Deadlines";
import { Extensions } from "@/app/instructor/_components/Extensions";
import { JoinCode } from "@/app/instructor/_components/JoinCode";
import { CoInstructors, Roster } from "@/app/instructor/_components/People";
import { cohortOrNotFound } from "@/app/instructor/_components/access";
import { listCourse } from "@/lib/courses/exercises";
import { listAssistants } from "@/lib/instructor/assistants";
import { cohortDetails } from "@/lib/instructor/cohorts";
import { listExtensions } from "@/lib/instructor/extensions";
import { attemptLimits } from "@/lib/instructor/limits";

export const metadata = { title: "Cohort settings" };

export default async function CohortSettings({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await cohortOrNotFound(id, `/instructor/cohorts/${id}/settings`);
  const [cohort, course, extensions, limits, assistants] = await Promise.all([
    cohortDetails(id),
    listCourse(),
    listExtensions(id),
    attemptLimits(id),
    listAssistants(id),
  ]);
  const due = new Map(cohort.deadlines.map((d) => [d.exerciseSlug, d.dueAt.toISOString()]));
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{cohort.name}</h1>
          <p>
            {cohort.enrollments.length} students · {cohort.instructors.length} instructor
            {cohort.instructors.length === 1 ? "" : "s"}
          </p>
        </div>
      </div>
      <CohortTabs cohortId={id} current="settings" />
      <section className="card">
        <h2>Join code</h2>
        <p className="muted small">Students enter it on their “Join a cohort” page.</p>
        <JoinCode cohortId={id} initial={cohort.joinCode} />
      </section>
      <section className="card">
        <h2>Details and late policy</h2>
        <CohortForm
          cohortId={id}
          initial={{
            name: cohort.name,
            startsAt: cohort.startsAt?.toISOString() ?? null,
            endsAt: cohort.endsAt?.toISOString() ?? null,
            latePolicy: cohort.latePolicy,
          }}
        />
      </section>
      <section className="card">
        <h2>Deadlines</h2>
        <Deadlines
          cohortId={id}
          exercises={course.map((e) => ({
            slug: e.slug,
            title: e.title,
            order: e.order,
            dueAt: due.get(e.slug) ?? null,
          }))}
        />
      </section>
      <section className="card" id="extensions">
        <h2>Extensions</h2>
        <p className="muted small">
          A later due date for some students; lateness in the matrix and the gradebook follows it.
        </p>
        <Extensions
          cohortId={id}
          students={cohort.enrollments.map((e) => e.user)}
          exercises={course.map((e) => ({ slug: e.slug, title: e.title, dueAt: due.get(e.slug) ?? null }))}
          extensions={extensions}
        />
      </section>
      <section className="card" id="attempt-limits">
        <h2>Attempt limits</h2>
        <p className="muted small">
          Graded attempts per student and exercise, and the wait between two. A refused submission is not stored.
        </p>
        <AttemptLimits
          cohortId={id}
          exercises={course.map((e) => ({ slug: e.slug, title: e.title, order: e.order }))}
          initial={limits}
        />
      </section>
      <section className="card">
        <h2>Instructors</h2>
        <CoInstructors cohortId={id} me={user.id} instructors={cohort.instructors.map((i) => i.user)} />
      </section>
      <section className="card" id="assistants">
        <h2>Teaching assistants</h2>
        <p className="muted small">
          They see the dashboard and every student&apos;s code, comment on it, apply rubric items and answer grading
          problems; they cannot change deadlines, extensions, attempt limits or the roster, nor export grades.
        </p>
        <Assistants cohortId={id} assistants={assistants} />
      </section>
      <section className="card table-wrap">
        <div style={{ padding: "1.25rem 1.5rem 0" }}>
          <h2>Students</h2>
        </div>
        <Roster
          cohortId={id}
          students={cohort.enrollments.map((e) => ({ ...e.user, joinedAt: e.joinedAt.toISOString() }))}
        />
      </section>
    </div>
  );
}
