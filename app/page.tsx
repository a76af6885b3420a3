import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { coursePageData } from "@/lib/courses/course-page";
import { sharedCourse } from "@/lib/courses/exercise-page";
import { NO_PROGRESS, nextStep } from "@/lib/courses/progress";
import { Landing } from "./_components/Landing";
import { ProgressBadge } from "./_components/ProgressBadge";
import { DeadlineBadge } from "./_components/DeadlineBadge";

export default async function Home() {
  const user = await currentUser();
  // The catalogue is the same for everyone: read once per deployment (lib/courses/exercise-page.ts).
  if (!user) return <Landing exercises={(await sharedCourse()).length} />;
  const [course, { progress, deadlines, cohorts, newFeedback }] = await Promise.all([
    sharedCourse(),
    coursePageData(user.id),
  ]);
  const next = nextStep(course, progress);
  const passed = course.filter((e) => progress.get(e.slug)?.passed).length;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Hello, {user.name.split(" ")[0]}</h1>
          <p>
            {passed} of {course.length} concepts passed
            {cohorts.length ? ` · ${cohorts.map((c) => c.name).join(", ")}` : ""}
          </p>
        </div>
        {!cohorts.length && (
          <Link href="/join" className="button">
            Join your cohort
          </Link>
        )}
      </div>

      {next ? (
        <section className="card next-step" aria-labelledby="next-step-title" data-testid="next-step">
          <div style={{ flex: 1 }}>
            <p className="eyebrow">Next step · concept {next.order}</p>
            <h2 id="next-step-title">{next.title}</h2>
            <p className="muted small" style={{ margin: 0 }}>
              {next.concept} · about {next.minutes} min
            </p>
          </div>
          <Link href={`/exercises/${next.slug}`} className="button primary">
            {progress.get(next.slug)?.attempts ? "Continue" : "Start"}
          </Link>
        </section>
      ) : course.length ? (
        <section className="card next-step">
          <div>
            <p className="eyebrow">All done</p>
            <h2>You passed every exercise.</h2>
          </div>
        </section>
      ) : (
        <p className="alert info">No exercises are loaded yet. Run the seed (npm run db:seed).</p>
      )}

      <section aria-labelledby="concepts-title">
        <h2 id="concepts-title">The course</h2>
        <ol className="concepts">
          {course.map((e) => {
            const p = progress.get(e.slug) ?? NO_PROGRESS;
            return (
              <li
                key={e.slug}
                className={`card concept${p.passed ? " passed" : ""}${next?.slug === e.slug ? " current" : ""}`}
              >
                <span className="concept-num" aria-hidden>
                  {p.passed ? "✓" : e.order}
                </span>
                <div>
                  <Link className="title" href={`/exercises/${e.slug}`} prefetch={false}>
                    {e.title}
                  </Link>
                  <div className="meta">
                    {e.concept} · {e.difficulty} · {e.minutes} min
                  </div>
                </div>
                <div className="status">
                  {newFeedback.has(e.slug) && (
                    <Link
                      href={`/exercises/${e.slug}#feedback-title`}
                      className="badge accent"
                      data-testid="new-feedback-mark"
                      prefetch={false}
                    >
                      New feedback<span className="visually-hidden"> on {e.title}</span>
                    </Link>
                  )}
                  <DeadlineBadge deadline={deadlines.get(e.slug)} progress={p} />
                  <ProgressBadge progress={p} />
                </div>
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}
