import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { cache } from "react";
import type { Role, User } from "../generated/prisma/client";
import { db } from "../db";
import { authOptions } from "./options";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers?: Record<string, string>,
    /** Extra fields of the JSON body beside `error`, e.g. retryAfterSeconds on a 429. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * The user id the request's session cookie carries, or null (no cookie, a token that does not open
 * with the secret, or expired). It is what next-auth's getServerSession read, without the rest of
 * what that did on every page: building every provider, running the callbacks and sealing a renewed
 * token that a server component cannot send anyway (two key derivations and two ciphers a request).
 */
async function sessionUserId(): Promise<string | null> {
  const options = authOptions();
  const name = `${options.useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;
  const jar = await cookies();
  // next-auth splits a token over 4 kB into name.0, name.1... (ours never is; read it as it writes it).
  const token =
    jar.get(name)?.value ??
    jar
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)))
      .map((c) => c.value)
      .join("");
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: options.secret! });
    return typeof payload?.uid === "string" ? payload.uid : null;
  } catch {
    return null; // not ours, tampered with, or expired: signed out, as getServerSession answered
  }
}

/**
 * The signed-in user, read fresh from the database (a role change applies at once), and whether
 * they assist in any cohort (the navigation shows it), in one query; or null. Once per rendered
 * request (React's cache): the layout, the metadata and the page all ask. Outside a render (a
 * route handler) it is not cached.
 */
export const currentViewer = cache(async (): Promise<{ user: User; assists: boolean } | null> => {
  const id = await sessionUserId();
  if (!id) return null;
  const row = await db().user.findUnique({ where: { id }, include: { _count: { select: { assisting: true } } } });
  if (!row) return null;
  const { _count, ...user } = row;
  return { user, assists: _count.assisting > 0 };
});

/** The signed-in user (currentViewer's), or null. */
export const currentUser = cache(async (): Promise<User | null> => (await currentViewer())?.user ?? null);

/** The signed-in user with one of `roles`; otherwise a 401 / 403 HttpError. */
export async function requireUser(...roles: Role[]): Promise<User> {
  const user = await currentUser();
  if (!user) throw new HttpError(401, "Sign in first.");
  if (roles.length && !roles.includes(user.role)) throw new HttpError(403, "You do not have access to this.");
  return user;
}
