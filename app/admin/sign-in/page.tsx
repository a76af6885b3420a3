import { notFound } from "next/navigation";
import { userOrSignIn } from "@/app/_server/auth";
import { oidcEnabled, oidcName, passwordSignInEnabled } from "@/lib/auth/oidc";
import { PasswordSwitch } from "./PasswordSwitch";

export const metadata = { title: "Sign-in settings" };

/** Admins decide whether people sign in with a password beside the institution's sign-in. */
export default async function SignInAdmin() {
  const user = await userOrSignIn("/admin/sign-in");
  if (user.role !== "ADMIN") notFound();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Sign-in settings</h1>
          <p>
            {oidcEnabled()
              ? `People can sign in with ${oidcName()} (OpenID Connect).`
              : "No institutional sign-in is configured (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)."}
          </p>
        </div>
      </div>
      <section className="card">
        <h2>Email and password</h2>
        <p>Turned off, only admins can still sign in with a password (their way back in).</p>
        <PasswordSwitch enabled={await passwordSignInEnabled()} />
      </section>
    </div>
  );
}
