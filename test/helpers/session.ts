import { randomUUID } from "node:crypto";
import { hashPassword } from "../../lib/auth/password";
import { db } from "../../lib/db";
import type { Role, User } from "../../lib/generated/prisma/client";

/**
 * Users and sessions for integration tests: users are written straight to the database (the test
 * process's DATABASE_URL) and signed in through next-auth's real csrf + credentials flow.
 */
export interface TestUser extends User {
  password: string;
}

export async function createUser(
  opts: { role?: Role; email?: string; password?: string; name?: string } = {},
): Promise<TestUser> {
  const role = opts.role ?? "STUDENT";
  const email = (opts.email ?? `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@test.local`).toLowerCase();
  const password = opts.password ?? `pw-${randomUUID()}`;
  const user = await db().user.create({
    data: { email, role, name: opts.name ?? email.split("@")[0], passwordHash: await hashPassword(password) },
  });
  return { ...user, password };
}

/** Signs in with email and password; returns the Cookie header value that carries the session. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  if (!csrf.ok) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = cookiePairs(csrf.headers);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: baseUrl, json: "true" }),
  });
  const session = cookiePairs(res.headers).filter((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  if (!session.length) throw new Error(`Sign-in as ${email} failed (HTTP ${res.status}): no session cookie came back.`);
  return session.join("; ");
}

function cookiePairs(headers: Headers): string[] {
  return headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c.endsWith("="));
}

/**
 * A caller of the web app's routes as one of the test's signed-in users (`cookies[who]`), or signed
 * out (`null`): never follows a redirect; an object body goes as JSON, a string body as it is (bad
 * JSON on purpose).
 */
export function routeCaller(baseUrl: () => string, cookies: Record<string, string>) {
  return (who: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl()}${path}`, {
      method,
      redirect: "manual",
      headers: {
        ...(who ? { cookie: cookies[who] } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
}
