import Link from "next/link";
import { notFound } from "next/navigation";
import { exercisePageData, sharedExercise } from "@/lib/courses/exercise-page";
import { studentFeedback } from "@/lib/feedback/student";
import { userOrSignIn } from "@/app/_server/auth";
import { ExerciseView } from "@/app/_components/exercise/ExerciseView";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  const exercise = await sharedExercise((await params).slug);
  return { title: exercise?.title ?? "Exercise" };
}

export default async function ExercisePage({ params }: Props) {
  const { slug } = await params;
  const user = await userOrSignIn(`/exercises/${slug}`);
  const [data, feedback] = await Promise.all([exercisePageData(user.id, slug), studentFeedback(user.id, slug)]);
  if (!data) notFound();
  return (
    <ExerciseView
      slug={slug}
      data={data}
      feedback={feedback}
      breadcrumb={
        <>
          <Link href="/">Course</Link> / Concept {data.exercise.order}
        </>
      }
    />
  );
}
