import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";

/** `npm run lti:register`: registers a platform in the database of DATABASE_URL; bad arguments exit 2. */
const run = (args: string[]) =>
  spawnSync("node_modules/.bin/tsx", ["scripts/lti-register.ts", ...args], { encoding: "utf8", env: process.env });

describe("npm run lti:register", () => {
  it("registers a platform with its deployments and prints what to paste in the LMS", async () => {
    const issuer = `https://lms-${randomUUID().slice(0, 8)}.example.edu`;
    const result = run([
      ...["--issuer", issuer, "--client-id", "10000000000042", "--deployment", "d1", "--deployment", "d2,d3"],
      ...["--login-url", `${issuer}/auth`, "--token-url", `${issuer}/token`, "--jwks-url", `${issuer}/jwks`],
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/login initiation URL .*\/api\/lti\/login/);
    const platform = await db().ltiPlatform.findFirstOrThrow({ where: { issuer }, include: { deployments: true } });
    expect(platform.deployments.map((d) => d.deploymentId).sort()).toEqual(["d1", "d2", "d3"]);
    expect(platform.jwksUrl).toBe(`${issuer}/jwks`);
  });

  it("refuses bad arguments with exit 2 and names the flag", () => {
    const result = run(["--issuer", "not-a-url", "--client-id", "1"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--issuer: .*--deployment: .*usage: npm run lti:register/s);
    expect(run(["--no-such-flag", "x"]).status).toBe(2);
  });
});
