import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("the whole project", () => {
  it("type-checks (app, grader, exercises, scripts, tests)", () => {
    const tsc = spawnSync("node_modules/.bin/tsc", ["--noEmit", "-p", "."], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
