import { notFound } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { exercisePageData } from "@/lib/courses/exercise-page";
import { getExercise } from "@/lib/courses/exercises";
import { ExerciseView } from "@/app/_components/exercise/ExerciseView";
import { LtiSignedOut } from "../../LtiSignedOut";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  const exercise = await getExercise((await params).slug);
  return { title: exercise?.title ?? "Exercise" };
}

/** An exercise opened from an LMS resource link: the same workspace, framed by the LMS. */
export default async function LtiExercisePage({ params }: Props) {
  const { slug } = await params;
  const user = await currentUser();
  if (!user) return <LtiSignedOut />;
  const data = await exercisePageData(user.id, slug);
  if (!data) notFound();
  return <ExerciseView slug={slug} data={data} breadcrumb={<>Concept {data.exercise.order}</>} />;
}
