import type { StudentDeadline } from "@/lib/cohorts/deadlines";
import type { ExerciseProgress } from "@/lib/courses/progress";
import { formatDateTime } from "./format";

/** Late = passed after the deadline; overdue = deadline gone and not passed yet. */
export function deadlineState(deadline: StudentDeadline | undefined, progress: ExerciseProgress, now = new Date()) {
  if (!deadline) return "none" as const;
  if (progress.passedAt) return progress.passedAt > deadline.dueAt ? ("late" as const) : ("on-time" as const);
  return now > deadline.dueAt ? ("overdue" as const) : ("open" as const);
}

export function DeadlineBadge({ deadline, progress, showDue = true }: { deadline?: StudentDeadline; progress: ExerciseProgress; showDue?: boolean }) {
  const state = deadlineState(deadline, progress);
  if (!deadline || state === "none") return null;
  const due = formatDateTime(deadline.dueAt);
  if (state === "late") return <span className="badge bad" title={`Due ${due}`}>Late</span>;
  if (state === "overdue") return <span className="badge bad" title={`Was due ${due}`}>Overdue</span>;
  if (state === "on-time") return <span className="badge ok" title={`Due ${due}`}>On time</span>;
  return showDue ? <span className="badge">Due {due}</span> : null;
}
