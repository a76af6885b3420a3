import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Lint and format are part of the suite: an ESLint error or an unformatted file fails it. */
describe("lint and format", () => {
  const run = (bin: string, args: string[]) =>
    spawnSync(`node_modules/.bin/${bin}`, args, { encoding: "utf8", timeout: 240_000 });

  it("ESLint (eslint-config-next, typescript-eslint) reports no error", () => {
    const r = run("eslint", [".", "--max-warnings", "50"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("every file is formatted as Prettier writes it", () => {
    const r = run("prettier", ["--check", "."]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
