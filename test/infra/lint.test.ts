import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const WIDTH = 120;

/** Lint and format are part of the suite: an ESLint error or an unformatted file fails it. */
describe("lint and format", () => {
  const run = (bin: string, args: string[]) =>
    spawnSync(`node_modules/.bin/${bin}`, args, { encoding: "utf8", timeout: 240_000 });

  it("ESLint (eslint-config-next, typescript-eslint) reports no error", () => {
    const r = run("eslint", [".", "--max-warnings", "50"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  // Code only: Markdown is prose and JSON is data (lock files, fixtures); Prettier does not split
  // strings or comments, so this is the check that keeps every code line within the width.
  it(`no tracked .ts, .tsx, .mjs or .sh file has a line over ${WIDTH} characters`, () => {
    const listed = spawnSync("git", ["ls-files", "-z", "--", "*.ts", "*.tsx", "*.mjs", "*.sh"], { encoding: "utf8" });
    expect(listed.status, listed.stderr).toBe(0);
    const files = listed.stdout.split("\0").filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const long = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => ([...line].length > WIDTH ? [`${file}:${i + 1} (${[...line].length})`] : [])),
    );
    expect(long, `lines over ${WIDTH} characters:\n${long.join("\n")}`).toEqual([]);
  });

  it("every file is formatted as Prettier writes it", () => {
    const r = run("prettier", ["--check", "."]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
