import { deadlineState, type StudentDeadline } from "@/lib/cohorts/deadlines";
import type { ExerciseProgress } from "@/lib/courses/progress";
import { formatDateTime } from "./format";

export function DeadlineBadge({ deadline, progress, showDue = true }: { deadline?: StudentDeadline; progress: ExerciseProgress; showDue?: boolean }) {
  const state = deadlineState(deadline, progress);
  if (!deadline || state === "none") return null;
  const due = formatDateTime(deadline.dueAt);
  if (state === "late")
    return (
      <span className="badge bad" title={`Due ${due}`}>
        Late{deadline.latePolicy === "NO_CREDIT" ? " · no credit" : ""}
      </span>
    );
  if (state === "overdue") return <span className="badge bad" title={`Was due ${due}`}>Overdue</span>;
  if (state === "on-time") return <span className="badge ok" title={`Due ${due}`}>On time</span>;
  return showDue ? <span className="badge">Due {due}</span> : null;
}
