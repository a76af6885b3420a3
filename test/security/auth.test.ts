import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWebEnv } from "../../lib/env/web";
import { createUser, signIn } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { startPrivateRedis, uniqueQueue, useOwnDatabase, type PrivateRedis } from "../submissions/fixture";

/**
 * Sign-in and sign-up under abuse, over HTTP against `next start` with the limits as shipped (on a
 * Redis of the test's own, so counts from other tests and earlier runs don't mix in), and the
 * cookies a production deployment on https sets.
 */
const SHIPPED = parseWebEnv({});

describe("sign-in and sign-up limits; production cookies", () => {
  let redis: PrivateRedis;
  let web: WebServer;
  let secureWeb: WebServer;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const databaseUrl = await useOwnDatabase("security_auth");
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, QUEUE_NAME: uniqueQueue("security-auth") };
    const shippedLimits = {
      SIGNIN_FAILURES_PER_ACCOUNT: String(SHIPPED.SIGNIN_FAILURES_PER_ACCOUNT),
      SIGNIN_FAILURES_PER_ADDRESS: String(SHIPPED.SIGNIN_FAILURES_PER_ADDRESS),
      SIGNUPS_PER_ADDRESS: String(SHIPPED.SIGNUPS_PER_ADDRESS),
    };
    [web, secureWeb] = await Promise.all([
      startWeb({ env: { ...env, ...shippedLimits } }),
      // Served over plain http here, but configured as the https deployment it stands for.
      startWeb({ env: { ...env, NEXTAUTH_URL: "https://course.example.test" } }),
    ]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), secureWeb?.stop()]);
    await redis?.shutdown();
  });

  /** One credentials sign-in as the browser's next-auth client sends it; `address` is X-Forwarded-For. */
  async function attempt(email: string, password: string, address?: string) {
    const csrf = await fetch(`${web.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return fetch(`${web.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie,
        ...(address ? { "x-forwarded-for": address } : {}),
      },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: web.url, json: "true" }),
    });
  }
  const signedIn = (res: Response) => res.headers.getSetCookie().some((c) => /next-auth\.session-token=[^;]+/.test(c));

  const lockout =
    "refuses a guessed account for 15 minutes after 5 failures, even with the right password, with Retry-After";
  it(lockout, async () => {
    const user = await createUser();
    const statuses: number[] = [];
    for (let i = 0; i < SHIPPED.SIGNIN_FAILURES_PER_ACCOUNT; i++)
      statuses.push((await attempt(user.email, `guess-${i}`)).status);
    expect(statuses.every((s) => s === 401)).toBe(true);

    const blocked = await attempt(user.email, user.password);
    expect(blocked.status).toBe(429);
    expect(signedIn(blocked)).toBe(false);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const body = (await blocked.json()) as { url: string; error: string };
    // next-auth's browser client reads the error code from this URL.
    expect(new URL(body.url).searchParams.get("error")).toBe("TooManyAttempts");
    expect(body.error).toMatch(/Too many failed sign-ins\. Try again in 15 minutes/);
    // Same email in another case is the same account.
    expect((await attempt(user.email.toUpperCase(), user.password)).status).toBe(429);

    // Another account from the same address is not affected.
    const other = await createUser();
    expect(signedIn(await attempt(other.email, other.password))).toBe(true);
  });

  it("clears the count on a successful sign-in", async () => {
    const user = await createUser();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < SHIPPED.SIGNIN_FAILURES_PER_ACCOUNT - 1; i++)
        expect((await attempt(user.email, "wrong")).status).toBe(401);
      expect(signedIn(await attempt(user.email, user.password))).toBe(true);
    }
  });

  it("caps failures per account across forged X-Forwarded-For addresses", async () => {
    const user = await createUser();
    const cap = SHIPPED.SIGNIN_FAILURES_PER_ACCOUNT * 4;
    for (let i = 0; i < cap; i++) expect((await attempt(user.email, "wrong", `198.51.100.${i + 1}`)).status).toBe(401);
    expect((await attempt(user.email, user.password, "198.51.100.250")).status).toBe(429);
  });

  it("caps failures per address across many accounts", async () => {
    const address = "203.0.113.7";
    for (let i = 0; i < SHIPPED.SIGNIN_FAILURES_PER_ADDRESS; i++)
      expect((await attempt(`nobody-${i}-${randomUUID().slice(0, 6)}@test.local`, "wrong", address)).status).toBe(401);
    const user = await createUser();
    expect((await attempt(user.email, user.password, address)).status).toBe(429);
    expect(signedIn(await attempt(user.email, user.password, "203.0.113.8"))).toBe(true);
  });

  it("limits sign-ups per address to 10 an hour, then 429 with Retry-After; nothing created", async () => {
    const address = "192.0.2.44";
    const signUp = (i: number) =>
      fetch(`${web.url}/api/signup`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": address },
        body: JSON.stringify({
          name: `Bulk ${i}`,
          email: `bulk-${i}-${randomUUID().slice(0, 6)}@test.local`,
          password: "long-enough-1",
        }),
      });
    for (let i = 0; i < SHIPPED.SIGNUPS_PER_ADDRESS; i++) expect((await signUp(i)).status).toBe(201);
    const refused = await signUp(99);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Too many accounts/);
  });

  it("sets Secure, http-only, SameSite=Lax, prefixed cookies when deployed on https", async () => {
    const csrf = await fetch(`${secureWeb.url}/api/auth/csrf`);
    const csrfCookies = csrf.headers.getSetCookie();
    expect(csrfCookies.find((c) => c.startsWith("__Host-next-auth.csrf-token="))).toMatch(
      /; HttpOnly; Secure; SameSite=Lax/i,
    );
    const user = await createUser();
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${secureWeb.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: csrfCookies.map((c) => c.split(";")[0]).join("; "),
      },
      body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, json: "true" }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith("__Secure-next-auth.session-token="));
    expect(session).toBeDefined();
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    // The secure cookie is the session: it opens the API.
    const api = await fetch(`${secureWeb.url}/api/submissions`, { headers: { cookie: session!.split(";")[0] } });
    expect(api.status).toBe(200);
  });

  it("keeps session cookies http-only on a local plain-http deployment", async () => {
    const user = await createUser();
    const res = await attempt(user.email, user.password);
    const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
    expect(session).toMatch(/; HttpOnly/i);
    expect(await signIn(web.url, user.email, user.password)).toMatch(/^next-auth\.session-token=/);
  });
});
