import Link from "next/link";
import { notFound } from "next/navigation";
import { ExerciseView } from "@/app/_components/exercise/ExerciseView";
import { cohortStaffOrNotFound } from "@/app/instructor/_components/access";
import { SLUG_PATTERN } from "@/lib/contracts/slug";
import { studentExerciseView } from "@/lib/instructor/student-view";
import { studentFeedback } from "@/lib/feedback/student";
import { ReviewAttempts } from "@/app/instructor/_components/feedback/ReviewAttempts";

export const metadata = { title: "Viewing as student" };

type Props = { params: Promise<{ id: string; userId: string; slug: string }> };

/**
 * "View as student": the exercise page exactly as this student sees it — their draft, attempts,
 * results, unlocked hints and own due date — read-only. Only instructors of the cohort (and admins).
 */
export default async function ViewAsStudentPage({ params }: Props) {
  const { id, userId, slug } = await params;
  await cohortStaffOrNotFound(id, `/instructor/cohorts/${id}/students/${userId}/exercises/${slug}`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(userId) || !SLUG_PATTERN.test(slug)) notFound();
  const view = await studentExerciseView(id, userId, slug);
  if (!view) notFound();
  // The feedback as the student sees it (only reads: their "new feedback" marks stay as they are).
  const feedback = await studentFeedback(userId, slug);
  const count = view.data.attempts.length;
  const studentPage = `/instructor/cohorts/${id}/students/${userId}`;
  return (
    <div data-testid="view-as-student" data-student={view.student.email}>
      <div className="alert info" role="status" data-testid="view-as-banner" style={{ marginBottom: "0.75rem" }}>
        <strong>Viewing as {view.student.name} — read-only.</strong> This is their page of the exercise as they see it;
        nothing you do here is saved, run or submitted for them. <Link href={studentPage}>Back to their work</Link>
      </div>
      <ExerciseView
        slug={slug}
        data={view.data}
        readOnly
        feedback={feedback}
        breadcrumb={
          <>
            <Link href="/instructor">Instructor</Link> /{" "}
            <Link href={`/instructor/cohorts/${id}`}>{view.cohortName}</Link> /{" "}
            <Link href={studentPage}>{view.student.name}</Link> / Concept {view.data.exercise.order}
          </>
        }
      />
      <ReviewAttempts
        cohortId={id}
        attempts={view.data.attempts.map((a, i) => ({
          id: a.id,
          number: count - i,
          createdAt: a.createdAt.toISOString(),
          score: a.score,
          maxScore: a.maxScore,
        }))}
      />
    </div>
  );
}
