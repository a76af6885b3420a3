import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { gradeReportSchema } from "../../grader/checks/result";
import { decodeSubmission, grade } from "../../grader/grade";
import { myContainers } from "../helpers/sandboxes";

const dir = new URL("./submissions/", import.meta.url);
const source = (name: string) => readFileSync(new URL(name, dir), "utf8");
const run = promisify(execFile);

/** Each bad submission gets a failed verdict whose first failing check explains it. */
const cases: [file: string, check: string, message: RegExp][] = [
  ["syntax-error.py", "code.runs", /SyntaxError on line 3/],
  ["missing-function.py", "code.runs", /does not define `greet`/],
  ["wrong-signature.py", "code.runs", /raised TypeError: greet\(\) takes 1 positional argument/],
  ["not-async.py", "code.runs", /must be a coroutine function: declare it with `async def`/],
  ["import-error.py", "code.runs", /Importing your file raised RuntimeError \(line 2.*boom at import/],
  ["empty.py", "code.runs", /does not define `greet`/],
  ["endless-loop.py", "code.runs", /still running after \d+ s/],
  ["endless-output.py", "code.runs", /printed more than 64 KiB/],
];

describe("bad submissions get a clear verdict and the grader stays up", () => {
  it.each(cases)("%s → %s", async (file, checkId, message) => {
    const report = gradeReportSchema.parse(await grade("first-coroutine", source(file)));
    expect(report.verdict).toBe("failed");
    const failed = report.checks.find((c) => !c.passed)!;
    expect(failed.id).toBe(checkId);
    expect(failed.message).toMatch(message);
    // One problem, shown once: the other checks are "not run" and nothing is earned.
    expect(report.score).toBe(0);
    expect(report.checks.filter((c) => c.kind !== "gate").every((c) => c.notRun && !c.passed)).toBe(true);
    expect(JSON.stringify(report).length).toBeLessThan(64 * 1024);
  });

  it("rejects non-UTF-8 bytes and a 1 MiB file before they reach the sandbox", () => {
    expect(() => decodeSubmission(readFileSync(new URL("non-utf8.py", dir)))).toThrow(/not UTF-8/);
    expect(() => decodeSubmission(Buffer.alloc(1024 * 1024, "# x\n"))).toThrow(/at most 64 KiB/);
  });

  it("still grades the reference solution after all of them", async () => {
    const report = await grade("first-coroutine", readFileSync("exercises/first-coroutine/reference.py", "utf8"));
    expect(report.verdict).toBe("passed");
  });

  afterAll(async () => {
    expect(await myContainers()).toBe(0);
  });
});

describe("the command-line contract", () => {
  const cli = (...args: string[]) =>
    run("npm", ["run", "--silent", "grade", "--", ...args], { encoding: "utf8" }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
    );

  it("prints one JSON object and exits 0 on a pass", async () => {
    const r = await cli("--exercise", "create-tasks", "--file", "exercises/create-tasks/reference.py", "--json");
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const report = gradeReportSchema.parse(JSON.parse(r.stdout));
    expect(report).toMatchObject({ exercise: "create-tasks", verdict: "passed", score: 10, maxScore: 10 });
    expect(new Set(report.timeline.map((t) => t.task))).toEqual(new Set(["task_one", "task_two"]));
  });

  it("exits 1 on a fail, naming the check", async () => {
    const r = await cli("--exercise", "create-tasks", "--file", "exercises/create-tasks/wrong/sequential.py", "--json");
    expect(r.code).toBe(1);
    const report = gradeReportSchema.parse(JSON.parse(r.stdout));
    expect(report.checks.find((c) => c.id === "ordering.started-before-completed")?.passed).toBe(false);
  });

  it.each([
    [
      ["--exercise", "no-such-exercise", "--file", "exercises/create-tasks/reference.py", "--json"],
      /Unknown exercise "no-such-exercise"/,
    ],
    [["--exercise", "create-tasks", "--json"], /--file <path\/to\/solution.py> is required/],
    [["--exercise", "create-tasks", "--file", "/nonexistent.py", "--json"], /Cannot read \/nonexistent.py: ENOENT/],
    [["--exercise", "create-tasks", "--file", "test/grader/submissions/non-utf8.py", "--json"], /not UTF-8/],
    [["--bogus", "--json"], /Unknown option/],
  ])("exits 2 with a clear error for %j", async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe("error");
    expect(report.error).toMatch(message);
  });
});
