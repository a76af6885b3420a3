"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";

export function SignInForm({ returnTo, github }: { returnTo: string; github: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setBusy(false);
    if (!result || result.error) {
      setError(
        result?.status === 429
          ? "Too many failed sign-ins. Wait 15 minutes and try again."
          : "That email and password do not match an account.",
      );
      return;
    }
    router.replace(returnTo);
    router.refresh();
  }

  return (
    <div className="stack">
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <div role="alert" aria-live="polite">
          {error && <p className="alert">{error}</p>}
        </div>
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {github && (
        <>
          <div className="divider">or</div>
          <button
            type="button"
            className="button"
            style={{ width: "100%" }}
            onClick={() => signIn("github", { callbackUrl: returnTo })}
          >
            Continue with GitHub
          </button>
        </>
      )}
    </div>
  );
}
