import Markdown from "react-markdown";
import type { AttemptFeedback } from "@/lib/feedback/student";
import { formatDateTime, formatScore } from "@/app/_components/format";
import { CodeWithComments, lineRange } from "./CodeWithComments";
import { MarkRead } from "./MarkRead";
import styles from "./Feedback.module.css";

const signed = (n: number) => (n > 0 ? `+${formatScore(n)}` : formatScore(n));

/**
 * Course staff's feedback on the student's attempts at one exercise: comments beside the lines they
 * are about, rubric items and the grade they make, "feedback pending" while staff hold it. Markdown
 * is rendered without raw HTML (react-markdown's default), so a comment cannot inject markup.
 */
export function FeedbackSection({ attempts, readOnly }: { attempts: AttemptFeedback[]; readOnly: boolean }) {
  if (!attempts.length) return null;
  const unread = attempts.filter((a) => a.unread).map((a) => a.submissionId);
  return (
    <section
      className="card stack"
      aria-labelledby="feedback-title"
      data-testid="feedback"
      style={{ marginTop: "1rem" }}
    >
      <h2 id="feedback-title" style={{ margin: 0 }}>
        Feedback from course staff
      </h2>
      {!readOnly && unread.length > 0 && <MarkRead submissionIds={unread} />}
      {attempts.map((a) => (
        <article
          key={a.submissionId}
          className="stack"
          data-testid="attempt-feedback"
          data-attempt={a.number}
          data-pending={a.pending}
          aria-labelledby={`feedback-${a.submissionId}`}
        >
          <h3 id={`feedback-${a.submissionId}`} style={{ margin: 0 }}>
            Attempt #{a.number}{" "}
            {a.unread && (
              <span className="badge accent" data-testid="new-feedback">
                New feedback
              </span>
            )}
          </h3>
          {a.pending && (
            <p className="alert info" data-testid="feedback-pending">
              Feedback pending: course staff are still reviewing this exercise and will release their comments and
              points together.
            </p>
          )}
          {a.grade && (
            <div data-testid="grade-breakdown">
              <p className={styles.breakdown}>
                <span>
                  Automatic score <b data-testid="grade-automatic">{formatScore(a.grade.automatic)}</b>
                </span>
                <span>
                  Manual points <b data-testid="grade-manual">{signed(a.grade.manual)}</b>
                </span>
                <span>
                  Grade{" "}
                  <b data-testid="grade-final">
                    {formatScore(a.grade.final)}/{formatScore(a.grade.maxPoints)}
                  </b>
                </span>
              </p>
              <ul className={styles.items} data-testid="rubric-applied">
                {a.items.map((it) => (
                  <li key={it.id}>
                    <span className={styles.points}>{signed(it.points)}</span>
                    <span>
                      <b>{it.title}</b>
                      {it.description && <span className="muted"> — {it.description}</span>}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {a.comments.length > 0 && (
            <CodeWithComments
              code={a.code}
              label={`Code of attempt #${a.number} with comments`}
              notes={a.comments.map((c) => ({
                id: c.id,
                startLine: c.startLine,
                endLine: c.endLine,
                node: (
                  <div
                    key={c.id}
                    className={styles.comment}
                    data-testid="comment"
                    data-lines={`${c.startLine}-${c.endLine}`}
                  >
                    <div className={styles.meta}>
                      {c.author} on {lineRange(c.startLine, c.endLine)} · {formatDateTime(c.at)}
                    </div>
                    <Markdown>{c.body}</Markdown>
                  </div>
                ),
              }))}
            />
          )}
        </article>
      ))}
    </section>
  );
}
