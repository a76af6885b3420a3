import type { ScenarioView } from "./view";

const SIGSYS = 31;

/** Why a scenario could not run to the end, in the student's terms; null when it did. */
export function describeProblem(view: ScenarioView, outputKb: number, memoryMb: number): string | null {
  const { ev, spec } = view;
  const where = spec.script ? "Running your file as a script" : `Calling \`${spec.fn ?? spec.entry}\``;
  if (ev.limit === "time")
    return (
      `${where}: your code was still running after ${spec.timeout} s, so it was stopped. Look for a ` +
      `loop that never ends or an await that never returns.`
    );
  if (ev.limit === "output") return `${where}: your code printed more than ${outputKb} KiB, so it was stopped.`;
  if (ev.limit === "memory") return `${where}: your code used more than ${memoryMb} MiB of memory.`;
  if (ev.limit === "processes")
    return `${where}: your code tried to start more processes or threads than the sandbox allows.`;
  const final = ev.final;
  if (!final) {
    // SIGSYS: a seccomp filter trapped a call it forbids: the sandbox's (grader/sandbox/seccomp.json)
    // or the runner's own (grader/harness/runner.py, the tamper guard).
    if (ev.exitCode === -SIGSYS)
      return (
        `${where}: your code made a system call the sandbox forbids (starting a process with fork or ` +
        "exec, ptrace, hiding its threads, closing or redirecting the grader's descriptors, unshare, mount " +
        "or bpf), so the Python process was stopped. Nothing in an asyncio solution needs one."
      );
    if (ev.exitCode !== null && ev.exitCode < 0)
      return `${where}: the Python process was killed by signal ${-ev.exitCode} (memory or process limit?).`;
    return (
      `${where}: your code ended the Python process itself (exit code ${ev.exitCode}) before the grader ` +
      `could collect results. Don't call sys.exit() or os._exit() in your functions.`
    );
  }
  const error = final.error;
  if (!error) return null;
  if (error.phase === "missing")
    return (
      `Your file does not define ${error.names!.map((n) => `\`${n}\``).join(", ")}: the exercise asks ` +
      `for ${error.names!.length > 1 ? "these functions" : "this function"} with exactly this name.`
    );
  if (error.phase === "not-async")
    return (
      `${error.names!.map((n) => `\`${n}\``).join(", ")} must be a coroutine function: declare it with ` +
      `\`async def\`.`
    );
  if (error.type === "SyntaxError" || error.type === "IndentationError" || error.type === "TabError")
    return (
      `Python could not read your file: ${error.type} on line ` +
      `${error.line}${error.code ? ` (\`${error.code}\`)` : ""}: ${error.message}`
    );
  const at = error.trace?.length
    ? ` (line ${error.trace[error.trace.length - 1].line}, in \`${error.trace[error.trace.length - 1].fn}\`)`
    : "";
  if (error.phase === "import")
    return (
      `Importing your file raised ${error.type}${at}: ${error.message}. Code at the top level runs on ` +
      `import: keep the demo under \`if __name__ == "__main__":\`.`
    );
  return `${where} raised ${error.type}${at}: ${error.message}`;
}
