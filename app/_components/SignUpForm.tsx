"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signedUpSchema } from "@/lib/contracts/accounts";
import { request } from "@/lib/contracts/fetch";

/** Creates the account through /api/signup, then signs in with the same credentials. */
export function SignUpForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { name: form.get("name"), email: form.get("email"), password: form.get("password") };
    setBusy(true);
    setError(null);
    try {
      try {
        await request("POST", "/api/signup", signedUpSchema, { body, fallbackError: "Could not create the account." });
      } catch (e) {
        setError((e as Error).message);
        return;
      }
      const result = await signIn("credentials", { email: body.email, password: body.password, redirect: false });
      if (!result || result.error) {
        setError("Your account exists, but signing in failed. Try signing in.");
        return;
      }
      router.replace(returnTo);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" autoComplete="name" required maxLength={100} autoFocus />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          aria-describedby="password-hint"
        />
        <span className="hint" id="password-hint">
          At least 8 characters.
        </span>
      </div>
      <div role="alert" aria-live="polite">
        {error && <p className="alert">{error}</p>}
      </div>
      <button className="button primary" type="submit" disabled={busy}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
