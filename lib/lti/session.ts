import { encode } from "next-auth/jwt";
import type { User } from "../generated/prisma/client";
import { authOptions } from "../auth/options";

/**
 * Signs the launched user in with the app's own next-auth session (a JWT in the session cookie,
 * minted with next-auth's `encode` and secret, so every existing page and route reads it unchanged).
 *
 * Inside an LMS the tool is a third-party iframe: a SameSite=Lax cookie is never sent there. This
 * cookie is SameSite=None; Secure (required with None) and Partitioned (CHIPS): the browser keeps it
 * in the LMS site's partition, so it works in the iframe where third-party cookies are blocked, and
 * it never signs the user in on a visit to the tool outside that LMS. It replaces whatever session
 * the iframe had (a launch is always the LMS user's).
 */
export async function sessionCookie(user: Pick<User, "id" | "name" | "email">): Promise<string> {
  const options = authOptions();
  const maxAge = options.session?.maxAge ?? 30 * 24 * 60 * 60;
  const token = await encode({
    token: { sub: user.id, uid: user.id, name: user.name, email: user.email },
    secret: options.secret!,
    maxAge,
  });
  const name = `${options.useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;
  return `${name}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=None; Partitioned`;
}

/**
 * The login's state cookie, one per login (its name carries the state, so two launches on one LMS
 * page do not overwrite each other): read back by the launch in the same browser and partition.
 */
export const stateCookieName = (state: string) => `lti-state-${state}`;

export function stateCookie(state: string, maxAge = 600): string {
  return `${stateCookieName(state)}=1; Path=/api/lti/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=None; Partitioned`;
}
