import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { exercisesInWords } from "@/app/_components/course-size";
import { SignUpForm } from "@/app/_components/SignUpForm";
import { safeReturnPath } from "@/app/_components/safe-return";

export const metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl, "/join");
  if (await currentUser()) redirect(returnTo);
  return (
    <div className="auth-wrap">
      <div className="card stack">
        <div>
          <h1>Create your account</h1>
          <p className="muted">
            {exercisesInWords(await db().exercise.count())}, hands-on, from your first coroutine to a concurrent web
            crawler.
          </p>
        </div>
        <SignUpForm returnTo={returnTo} />
        <p className="small muted">
          Already have an account? <Link href="/signin">Sign in</Link>
        </p>
      </div>
    </div>
  );
}
