import Link from "next/link";
import { notFound } from "next/navigation";
import Markdown, { type Components } from "react-markdown";
import { deadlinesFor } from "@/lib/cohorts/deadlines";
import { attemptsOf } from "@/lib/courses/attempts";
import { attemptAllowance } from "@/lib/courses/limits";
import { getDraft } from "@/lib/courses/drafts";
import { getExercise } from "@/lib/courses/exercises";
import { NO_PROGRESS, progressFor } from "@/lib/courses/progress";
import { userOrSignIn } from "@/app/_server/auth";
import { AttemptAllowance } from "@/app/_components/AttemptAllowance";
import { DeadlineBadge } from "@/app/_components/DeadlineBadge";
import { formatDateTime } from "@/app/_components/format";
import { ProgressBadge } from "@/app/_components/ProgressBadge";
import { Workspace } from "@/app/_components/exercise/Workspace";

type Props = { params: Promise<{ slug: string }> };

/** A code block wider than the statement scrolls sideways: it takes the focus, so the keyboard scrolls it too. */
const SCROLLABLE_CODE: Components = { pre: ({ node: _node, ...props }) => <pre tabIndex={0} {...props} /> };

export async function generateMetadata({ params }: Props) {
  const exercise = await getExercise((await params).slug);
  return { title: exercise?.title ?? "Exercise" };
}

export default async function ExercisePage({ params }: Props) {
  const { slug } = await params;
  const user = await userOrSignIn(`/exercises/${slug}`);
  const exercise = await getExercise(slug);
  if (!exercise) notFound();
  const [draft, attempts, progress, deadlines, allowance] = await Promise.all([
    getDraft(user.id, slug),
    attemptsOf(user.id, slug),
    progressFor(user.id, slug),
    deadlinesFor(user.id),
    attemptAllowance(user.id, slug),
  ]);
  const mine = progress.get(slug) ?? NO_PROGRESS;
  const deadline = deadlines.get(slug);

  return (
    <>
      <nav aria-label="Breadcrumb" className="small muted" style={{ marginBottom: "0.5rem" }}>
        <Link href="/">Course</Link> / Concept {exercise.order}
      </nav>
      <header className="exercise-head row">
        <div style={{ flex: 1 }}>
          <h1 style={{ marginBottom: "0.25rem" }}>{exercise.title}</h1>
          <div className="row small muted">
            <span>{exercise.concept}</span>·<span>{exercise.difficulty}</span>·<span>about {exercise.minutes} min</span>
            ·<span>{exercise.points} points</span>
          </div>
        </div>
        <DeadlineBadge deadline={deadline} progress={mine} />
        <ProgressBadge progress={mine} />
      </header>
      {deadline?.extension && (
        <p className="small muted" data-testid="extension-note" style={{ margin: "0 0 0.5rem" }}>
          Your due date is <strong>{formatDateTime(deadline.dueAt)}</strong>, extended from{" "}
          {formatDateTime(deadline.extension.deadline)}
          {deadline.extension.note ? ` — ${deadline.extension.note}` : ""}.
        </p>
      )}
      <AttemptAllowance allowance={{ ...allowance, nextAt: allowance.nextAt?.toISOString() ?? null }} />
      <Workspace
        slug={slug}
        title={exercise.title}
        starter={exercise.starter}
        initialCode={draft?.code ?? exercise.starter}
        draftSavedAt={draft?.updatedAt.toISOString() ?? null}
        hints={exercise.hints}
        attempts={attempts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() }))}
        statement={
          <article className="card prose" aria-label="Statement" data-testid="statement">
            <p className="source">
              <strong>Source section:</strong> {exercise.section}
            </p>
            <Markdown components={SCROLLABLE_CODE}>{exercise.statement}</Markdown>
          </article>
        }
      />
    </>
  );
}
