import type { ExerciseProgress } from "@/lib/courses/progress";
import { formatScore } from "./format";

export function ProgressBadge({ progress }: { progress: ExerciseProgress }) {
  if (progress.passed) return <span className="badge ok">✓ Passed</span>;
  if (progress.bestScore !== null)
    return (
      <span className="badge warn">
        Best {formatScore(progress.bestScore)}/{formatScore(progress.maxScore ?? 0)}
      </span>
    );
  if (progress.attempts) return <span className="badge">In progress</span>;
  return <span className="badge">Not started</span>;
}
