import Link from "next/link";
import { notFound } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { exercisePageData } from "@/lib/courses/exercise-page";
import { studentFeedback } from "@/lib/feedback/student";
import { userOrSignIn } from "@/app/_server/auth";
import { ExerciseView } from "@/app/_components/exercise/ExerciseView";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  // The page's own read (cached for the request); signed out, the page sends to sign in anyway.
  const user = await currentUser();
  const data = user && (await exercisePageData(user.id, (await params).slug));
  return { title: data?.exercise.title ?? "Exercise" };
}

export default async function ExercisePage({ params }: Props) {
  const { slug } = await params;
  const user = await userOrSignIn(`/exercises/${slug}`);
  const data = await exercisePageData(user.id, slug);
  if (!data) notFound();
  // Staff feedback takes its own reads, only when there is some (the page's read says so).
  const feedback = data.hasFeedback ? await studentFeedback(user.id, slug) : [];
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
