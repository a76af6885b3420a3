import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { launch, screenshot, type Browser } from "../browser/chromium";
import { freePort } from "../helpers/ports";
import { createUser, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";

/**
 * Institutional sign-in against a real, certified OpenID provider on loopback (`oidc-provider`,
 * its development login and consent pages), in Chromium against `next start`: discovery, code
 * flow with PKCE, the account linked by verified email, an unverified email refused; and the
 * admin's switch that turns password sign-in off for everyone but admins.
 */
let web: WebServer;
let idp: Server;
let browser: Browser | undefined;
let issuer: string;
let existing: TestUser;
let admin: TestUser;
const CLIENT = { client_id: "course-platform", client_secret: "a-client-secret-for-the-test-0123456789" };

beforeAll(async () => {
  const databaseUrl = await useOwnDatabase("lti_oidc");
  const port = await freePort();
  issuer = `http://localhost:${port}`;
  web = await startWeb({
    env: {
      DATABASE_URL: databaseUrl,
      QUEUE_NAME: uniqueQueue("lti-oidc"),
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT.client_id,
      OIDC_CLIENT_SECRET: CLIENT.client_secret,
      OIDC_NAME: "Test University",
    },
  });
  existing = await createUser({ email: "ada@uni.test", name: "Ada Existing" });
  admin = await createUser({ role: "ADMIN" });
  const provider = new Provider(issuer, {
    clients: [
      {
        ...CLIENT,
        redirect_uris: [`${web.url}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The dev login page takes any login: it is the account id; "unverified-…" has an unverified email.
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: id.replace(/^unverified-/, ""),
        email_verified: !id.startsWith("unverified-"),
        name: `IdP ${id}`,
      }),
    }),
    cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
  });
  idp = createServer(provider.callback());
  await new Promise<void>((resolve) => idp.listen(port, "127.0.0.1", resolve));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  idp?.closeAllConnections();
  await Promise.all([web?.stop(), new Promise((r) => idp?.close(r))]);
});

async function signInAtIdp(login: string) {
  browser = await launch();
  const { page } = browser;
  await page.goto(`${web.url}/signin`);
  await page.getByTestId("oidc-sign-in").click();
  await page.waitForURL(new RegExp(`^${issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  return page;
}

describe("institutional sign-in (OpenID Connect)", () => {
  it("signs in with the IdP, with PKCE, into the account of the verified email", { timeout: 120_000 }, async () => {
    const page = await signInAtIdp("ada@uni.test");
    onTestFailed(async () => void (await screenshot(page, "oidc-failure")));
    await page.getByTestId("signed-in-as").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("signed-in-as").textContent()).toBe("Ada Existing");
    expect(await db().user.count({ where: { email: "ada@uni.test" } })).toBe(1);
    await browser!.close();
    browser = undefined;
  });

  it("makes an account for a new verified email", { timeout: 120_000 }, async () => {
    const page = await signInAtIdp("new-person@uni.test");
    await page.getByTestId("signed-in-as").waitFor({ timeout: 30_000 });
    const user = await db().user.findUniqueOrThrow({ where: { email: "new-person@uni.test" } });
    expect(user.role).toBe("STUDENT");
    expect(user.passwordHash).toBeNull();
    await browser!.close();
    browser = undefined;
  });

  it("refuses an email the IdP has not verified (no account taken over)", { timeout: 120_000 }, async () => {
    const page = await signInAtIdp("unverified-ada@uni.test");
    await page.waitForURL(/\/signin\?.*error=AccessDenied/, { timeout: 30_000 });
    expect(await page.getByTestId("signed-in-as").count()).toBe(0);
    await browser!.close();
    browser = undefined;
  });

  it("lets an admin turn password sign-in off (admins keep theirs)", async () => {
    const adminCookie = await signIn(web.url, admin.email, admin.password);
    const off = await fetch(`${web.url}/api/admin/sign-in`, {
      method: "PUT",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ passwordSignIn: false }),
    });
    expect(off.status).toBe(200);
    await expect(signIn(web.url, existing.email, existing.password)).rejects.toThrow(/no session cookie/);
    expect(await signIn(web.url, admin.email, admin.password)).toMatch(/session-token=/);
    const student = await createUser();
    await fetch(`${web.url}/api/admin/sign-in`, {
      method: "PUT",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ passwordSignIn: true }),
    });
    expect(await signIn(web.url, student.email, student.password)).toMatch(/session-token=/);
  });
});
