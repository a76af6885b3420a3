import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { githubEnabled } from "@/app/_server/auth";
import { SignInForm } from "@/app/_components/SignInForm";
import { safeReturnPath } from "@/app/_components/safe-return";
import { InstitutionSignIn } from "@/app/_components/InstitutionSignIn";
import { oidcEnabled, oidcName } from "@/lib/auth/oidc";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const returnTo = safeReturnPath(query.callbackUrl);
  if (await currentUser()) redirect(returnTo);
  return (
    <div className="auth-wrap">
      <div className="card stack">
        <div>
          <h1>Sign in</h1>
          <p className="muted">Pick up where you left off: your drafts and attempts are saved.</p>
        </div>
        {query.error && <p className="alert">Signing in did not work. Try again, or use your email and password.</p>}
        {oidcEnabled() && <InstitutionSignIn name={oidcName()} returnTo={returnTo} />}
        <SignInForm returnTo={returnTo} github={githubEnabled()} />
        <p className="small muted">
          New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(returnTo)}`}>Create an account</Link>
        </p>
      </div>
    </div>
  );
}
