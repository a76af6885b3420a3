import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { z } from "zod";
import { db } from "../db";
import { webEnv } from "../env/web";
import { linkOidcUser, oidcProviders, passwordSignInAllowed } from "./oidc";
import { verifyPassword } from "./password";
import { clientAddress, recordSignIn } from "./rate-limits";

const credentialsSchema = z.object({ email: z.string().email().max(200), password: z.string().min(1).max(200) });

/** Sessions are JWTs carrying the user's id and role; the database stays the authority on both. */
export function authOptions(): NextAuthOptions {
  const config = webEnv();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // The route handler refuses attempts over the limit before this runs; here each outcome is counted.
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await db().user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
        const matches = !!user?.passwordHash && (await verifyPassword(user.passwordHash, parsed.data.password));
        await recordSignIn(
          parsed.data.email,
          clientAddress(new Headers(request?.headers as Record<string, string>)),
          matches,
        );
        if (matches && user && !(await passwordSignInAllowed(user))) return null; // an admin turned it off (issue 26)
        return matches && user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ];
  if (config.GITHUB_ID && config.GITHUB_SECRET)
    providers.push(GitHubProvider({ clientId: config.GITHUB_ID, clientSecret: config.GITHUB_SECRET }));
  providers.push(...oidcProviders()); // the institution's OpenID Connect sign-in, when configured (issue 26)
  return {
    secret: config.NEXTAUTH_SECRET,
    // Secure, __Secure-/__Host- prefixed cookies whenever the site is on https (lib/env/web requires
    // https in production off loopback); next-auth's cookies are http-only and SameSite=Lax.
    useSecureCookies: config.NEXTAUTH_URL.startsWith("https://"),
    session: { strategy: "jwt", maxAge: 60 * 60 * 24 * 14 },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider === "oidc") return linkOidcUser(user, profile);
        if (account?.provider !== "github") return true;
        if (!user.email) return false;
        const existing = await db().user.upsert({
          where: { email: user.email.toLowerCase() },
          create: { email: user.email.toLowerCase(), name: user.name ?? user.email },
          update: {},
        });
        user.id = existing.id;
        return true;
      },
      async jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.uid) (session.user as { id?: string }).id = token.uid as string;
        return session;
      },
    },
  };
}
