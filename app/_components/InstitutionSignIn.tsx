"use client";

import { signIn } from "next-auth/react";

/** "Sign in with <institution>": the OpenID Connect provider's button (shown when one is configured). */
export function InstitutionSignIn({ name, returnTo }: { name: string; returnTo: string }) {
  return (
    <button
      type="button"
      className="button primary"
      data-testid="oidc-sign-in"
      onClick={() => void signIn("oidc", { callbackUrl: returnTo })}
    >
      Sign in with {name}
    </button>
  );
}
