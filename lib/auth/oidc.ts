import type { Profile, User as AuthUser } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import { z } from "zod";
import { db } from "../db";
import { configuration } from "../env/shared";
import type { User } from "../generated/prisma/client";

/**
 * Sign-in with the institution's OpenID Connect provider (issue 26), beside email and password:
 * discovery from OIDC_ISSUER's /.well-known/openid-configuration, authorization code with PKCE,
 * state and nonce. An account is linked by email only when the provider says the email is verified.
 * An admin can turn password sign-in off for everyone but admins (who keep it as a way back in).
 */
const schema = z.object({
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** The button's name: "Sign in with <OIDC_NAME>". */
  OIDC_NAME: z.string().min(1).max(100).default("your institution"),
});
const oidcEnv = configuration(schema).get;

export const OIDC_PROVIDER_ID = "oidc";

interface OidcProfile extends Profile {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  preferred_username?: string;
}

/** The next-auth provider, when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set. */
export function oidcProviders(): OAuthConfig<OidcProfile>[] {
  const config = oidcEnv();
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: config.OIDC_NAME,
      type: "oauth",
      wellKnown: `${config.OIDC_ISSUER.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      // The ID token is verified (signature, nonce); the email may be only at userinfo (the OIDC default).
      userinfo: {
        request: async ({ client, tokens }) => {
          const set = tokens as unknown as TokenSet; // openid-client's, as next-auth passes it at run time
          return { ...set.claims(), ...(await client.userinfo(set)) } as Profile;
        },
      },
      profile: (profile) => ({
        id: profile.sub,
        name: profile.name ?? profile.preferred_username ?? profile.email ?? "User",
        email: profile.email ?? null,
      }),
    },
  ];
}

/**
 * next-auth's signIn callback for the OIDC provider: the account with the verified email (made on
 * first sign-in). An unverified or missing email is refused: linking by it could take over an account.
 */
export async function linkOidcUser(user: AuthUser, profile: Profile | undefined): Promise<boolean> {
  const claims = profile as OidcProfile | undefined;
  const verified = claims?.email_verified === true || claims?.email_verified === "true";
  const email = claims?.email?.trim().toLowerCase();
  if (!verified || !email) {
    console.warn(`[auth] OIDC sign-in refused: ${email ? "email not verified" : "no email"} (sub ${claims?.sub})`);
    return false;
  }
  const account = await db().user.upsert({
    where: { email },
    create: { email, name: (user.name ?? email).slice(0, 200) },
    update: {},
  });
  user.id = account.id;
  return true;
}

/** Whether the institution's sign-in is offered. */
export const oidcEnabled = () => oidcProviders().length > 0;
export const oidcName = () => oidcEnv().OIDC_NAME;

export async function passwordSignInEnabled(): Promise<boolean> {
  const row = await db().signInSettings.findUnique({ where: { id: 1 } });
  return row?.passwordSignIn ?? true;
}

/** Password sign-in is open to `user` (admins always: their way back in if the IdP fails). */
export async function passwordSignInAllowed(user: Pick<User, "role">): Promise<boolean> {
  return user.role === "ADMIN" || (await passwordSignInEnabled());
}

export async function setPasswordSignIn(enabled: boolean): Promise<void> {
  await db().signInSettings.upsert({
    where: { id: 1 },
    create: { id: 1, passwordSignIn: enabled },
    update: { passwordSignIn: enabled },
  });
}
