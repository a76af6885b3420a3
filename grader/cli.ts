/**
 * Grades one file from the command line, without the web app, queue or database:
 *   npm run --silent grade -- --exercise <slug> --file <path> [--json] [--seed N]
 * Exit status: 0 passed, 1 failed, 2 error (bad arguments, unknown exercise, unusable file, no sandbox).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { UnknownExercise } from "./catalog/catalog";
import { decodeSubmission, grade, SubmissionRejected } from "./grade";
import type { GradeReport } from "./checks/result";
import { exitAfterSandboxes, removeSandboxesOnSignals } from "./sandbox/lifetime";
import { SandboxUnavailable } from "./sandbox/run";

const argsSchema = z.object({
  exercise: z.string({ error: "--exercise <slug> is required" }).min(1),
  file: z.string({ error: "--file <path/to/solution.py> is required" }).min(1),
  json: z.boolean().default(false),
  seed: z.coerce.number().int().nonnegative().optional(),
});

function errorReport(exercise: string, message: string): GradeReport {
  return { exercise, verdict: "error", score: 0, maxScore: 0, checks: [], elapsedMs: 0, timeline: [], error: message };
}

function print(report: GradeReport, json: boolean) {
  if (json) {
    process.stdout.write(JSON.stringify(report) + "\n");
    return;
  }
  if (report.error) {
    console.error(`error: ${report.error}`);
    return;
  }
  console.log(
    `${report.exercise}: ${report.verdict.toUpperCase()}  ${report.score}/${report.maxScore}  (${report.elapsedMs} ms)`,
  );
  for (const c of report.checks) console.log(`  ${c.passed ? "✓" : "✗"} ${c.id} [${c.weight}] ${c.message}`);
}

async function main(): Promise<number> {
  let exercise = "";
  let json = process.argv.includes("--json");
  try {
    const { values } = parseArgs({
      options: {
        exercise: { type: "string" },
        file: { type: "string" },
        json: { type: "boolean" },
        seed: { type: "string" },
      },
      strict: true,
    });
    const args = argsSchema.parse(values);
    exercise = args.exercise;
    json = args.json;
    let bytes: Buffer;
    try {
      bytes = readFileSync(args.file);
    } catch (error) {
      throw new SubmissionRejected(`Cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    const report = await grade(args.exercise, decodeSubmission(bytes), { seed: args.seed });
    print(report, json);
    return report.verdict === "passed" ? 0 : 1;
  } catch (error) {
    const known =
      error instanceof z.ZodError ||
      error instanceof UnknownExercise ||
      error instanceof SubmissionRejected ||
      error instanceof SandboxUnavailable ||
      (error instanceof TypeError && "code" in error);
    const message =
      error instanceof z.ZodError ? error.issues[0].message : error instanceof Error ? error.message : String(error);
    print(errorReport(exercise, known ? message : `grader fault: ${message}`), json);
    return 2;
  }
}

removeSandboxesOnSignals();
// Let a large report drain into a pipe, and remove the used containers, before exiting.
main().then((code) => process.stdout.write("", () => void exitAfterSandboxes(code)));
