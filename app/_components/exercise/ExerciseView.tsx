import Markdown, { type Components } from "react-markdown";
import type { ExercisePageData } from "@/lib/courses/exercise-page";
import { AttemptAllowance } from "@/app/_components/AttemptAllowance";
import { DeadlineBadge } from "@/app/_components/DeadlineBadge";
import { formatDateTime } from "@/app/_components/format";
import { ProgressBadge } from "@/app/_components/ProgressBadge";
import { FeedbackSection } from "@/app/_components/feedback/AttemptFeedback";
import type { AttemptFeedback } from "@/lib/feedback/student";
import { Workspace } from "./Workspace";

/** A code block wider than the statement scrolls sideways: it takes the focus, so the keyboard scrolls it too. */
const SCROLLABLE_CODE: Components = { pre: ({ node: _node, ...props }) => <pre tabIndex={0} {...props} /> };

/**
 * A statement's markdown rendered once per process: parsing it was the largest share of an
 * exercise page's own work, the same for every student. Keyed by the text itself, so an edited
 * statement is rendered anew; the course has a few dozen of them at most.
 */
const renderedStatements = new Map<string, React.ReactNode>();
function renderedStatement(markdown: string): React.ReactNode {
  let rendered = renderedStatements.get(markdown);
  if (rendered === undefined) {
    if (renderedStatements.size >= 200) renderedStatements.clear();
    // react-markdown's Markdown is a plain function of its props (no hooks): its element tree is reusable.
    rendered = Markdown({ components: SCROLLABLE_CODE, children: markdown });
    renderedStatements.set(markdown, rendered);
  }
  return rendered;
}

/**
 * An exercise's page as one student sees it: the student's own page, and (readOnly) the same page
 * an instructor opens to see exactly what that student sees, with nothing they do written.
 */
export function ExerciseView({
  slug,
  data,
  breadcrumb,
  readOnly = false,
  feedback = [],
}: {
  slug: string;
  data: ExercisePageData;
  breadcrumb: React.ReactNode;
  readOnly?: boolean;
  /** Course staff's feedback on the attempts (lib/feedback/student.ts), newest attempt first. */
  feedback?: AttemptFeedback[];
}) {
  const { exercise, draft, attempts, progress, deadline, allowance } = data;
  const whose = readOnly ? "Their" : "Your";
  return (
    <>
      <nav aria-label="Breadcrumb" className="small muted" style={{ marginBottom: "0.5rem" }}>
        {breadcrumb}
      </nav>
      <header className="exercise-head row">
        <div style={{ flex: 1 }}>
          <h1 style={{ marginBottom: "0.25rem" }}>{exercise.title}</h1>
          <div className="row small muted">
            <span>{exercise.concept}</span>·<span>{exercise.difficulty}</span>·<span>about {exercise.minutes} min</span>
            ·<span>{exercise.points} points</span>
          </div>
        </div>
        {feedback.some((f) => f.unread) && (
          <a href="#feedback-title" className="badge accent" data-testid="new-feedback-mark">
            New feedback
          </a>
        )}
        <DeadlineBadge deadline={deadline} progress={progress} />
        <ProgressBadge progress={progress} />
      </header>
      {deadline?.extension && (
        <p className="small muted" data-testid="extension-note" style={{ margin: "0 0 0.5rem" }}>
          {whose} due date is <strong>{formatDateTime(deadline.dueAt)}</strong>, extended from{" "}
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
        readOnly={readOnly}
        statement={
          <article className="card prose" aria-label="Statement" data-testid="statement">
            <p className="source">
              <strong>Source section:</strong> {exercise.section}
            </p>
            {renderedStatement(exercise.statement)}
          </article>
        }
      />
      <FeedbackSection attempts={feedback} readOnly={readOnly} />
    </>
  );
}
