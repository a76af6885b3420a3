import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { sandboxImageTag } from "../grader/sandbox/image";

/**
 * What a user would pick instead of this grader, measured on create-tasks' reference in the same
 * run: a naive autograder (a `docker run --rm` of the sandbox image per submission, the way most
 * course autograders work, running the same calls one after another) and bare `python3` on the
 * host (the floor). Each one's overhead is its wall time minus the calls' own time, which the test
 * script measures around them.
 */
const TEST_SCRIPT = `
import asyncio, sys, time
solution = {"__name__": "solution"}
exec(compile(sys.stdin.read(), "solution.py", "exec"), solution)
async def both(a, b):
    await asyncio.gather(solution["task_one"](a), solution["task_two"](b))
started = time.monotonic()
asyncio.run(solution["main"](0.85, 0.58))
asyncio.run(solution["main"](0.58, 0.88))
asyncio.run(both(0.3, 0.3))
print("WORK", time.monotonic() - started)
`;

function overheadOf(command: string, args: string[], source: string): number {
  const started = performance.now();
  const run = spawnSync(command, args, { input: source, encoding: "utf8" });
  const wallMs = performance.now() - started;
  const work = /WORK ([\d.]+)/.exec(run.stdout);
  if (run.status !== 0 || !work) throw new Error(`${command} failed (${run.status}): ${run.stderr.slice(-500)}`);
  return wallMs - Number(work[1]) * 1000;
}

export function naiveDockerRunOverheadMs(): number {
  const source = readFileSync("exercises/create-tasks/reference.py", "utf8");
  return overheadOf(
    "docker",
    ["run", "--rm", "-i", "--network", "none", "--memory", "256m", sandboxImageTag(), "python3", "-c", TEST_SCRIPT],
    source,
  );
}

export function barePythonOverheadMs(): number {
  const source = readFileSync("exercises/create-tasks/reference.py", "utf8");
  // The system interpreter, not a version manager's shim (pyenv's adds a shell start).
  const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  return overheadOf(python, ["-c", TEST_SCRIPT], source);
}
