import { getServerSession } from "next-auth";
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
 * The signed-in user, read fresh from the database (a role change applies at once), or null. Once
 * per rendered request (React's cache): the layout and the page both ask, and each ask decrypted
 * the session token (a key derivation) and read the row again. Outside a render it is not cached.
 */
export const currentUser = cache(async (): Promise<User | null> => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? db().user.findUnique({ where: { id } }) : null;
});

/** The signed-in user with one of `roles`; otherwise a 401 / 403 HttpError. */
export async function requireUser(...roles: Role[]): Promise<User> {
  const user = await currentUser();
  if (!user) throw new HttpError(401, "Sign in first.");
  if (roles.length && !roles.includes(user.role)) throw new HttpError(403, "You do not have access to this.");
  return user;
}
