import { deadlineState, type StudentDeadline } from "@/lib/cohorts/deadlines";
import type { ExerciseProgress } from "@/lib/courses/progress";
import { formatDateTime } from "./format";

export function DeadlineBadge({
  deadline,
  progress,
  showDue = true,
}: {
  deadline?: StudentDeadline;
  progress: ExerciseProgress;
  showDue?: boolean;
}) {
  const state = deadlineState(deadline, progress);
  if (!deadline || state === "none") return null;
  const due = formatDateTime(deadline.dueAt);
  // An extension: the student's own due date, the cohort's deadline it replaces, and the note.
  const note = deadline.extension?.note ? `: ${deadline.extension.note}` : "";
  const extended = deadline.extension ? ` (extended from ${formatDateTime(deadline.extension.deadline)}${note})` : "";
  const common = {
    "data-testid": "deadline-badge",
    "data-due": deadline.dueAt.toISOString(),
    "data-extended": deadline.extension ? "true" : undefined,
  };
  if (state === "late")
    return (
      <span className="badge bad" title={`Due ${due}${extended}`} {...common}>
        Late{deadline.latePolicy === "NO_CREDIT" ? " · no credit" : ""}
      </span>
    );
  if (state === "overdue")
    return (
      <span className="badge bad" title={`Was due ${due}${extended}`} {...common}>
        Overdue
      </span>
    );
  if (state === "on-time")
    return (
      <span className="badge ok" title={`Due ${due}${extended}`} {...common}>
        On time
      </span>
    );
  return showDue ? (
    <span className="badge" title={extended ? `Your due date${extended}` : undefined} {...common}>
      Due {due}
      {deadline.extension ? " · extended" : ""}
    </span>
  ) : null;
}
