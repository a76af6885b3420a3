import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeSyscall } from "../../grader/checks/view";
import syscalls from "../../grader/harness/syscalls.json";

/**
 * The harness's Python unit layer (grader/harness/tests, the standard library's unittest; every
 * test_*.py there): the runner's tamper guard, and PID 1's sampler (on live processes, and its
 * classification from /proc text: test_sampler), ops protocol (test_ops), trace-record rules, clock
 * and live lines (test_records), the shared syscall table (test_syscalls) and PID 1's loader
 * (test_boot), below the Docker level. Needs only python3 and Linux's /proc; runs in seconds.
 */
describe("the harness's Python unit tests", () => {
  it("pass", () => {
    const run = spawnSync(
      "python3",
      ["-m", "unittest", "discover", "-s", "grader/harness/tests", "-t", "grader/harness/tests"],
      {
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    const summary = /Ran (\d+) tests?/.exec(run.stderr);
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    expect(Number(summary?.[1] ?? 0)).toBeGreaterThanOrEqual(20);
  });

  it("and the checks read one table of syscall numbers (grader/harness/syscalls.json)", () => {
    const program = [
      "import json, sys",
      "sys.path.insert(0, 'grader/harness')",
      "from supervisor import syscalls as s",
      "print(json.dumps({'selectorWaits': sorted(s.SELECTOR_WAITS), 'futex': s.FUTEX,",
      "                  'socketReads': sorted(s.SOCKET_READS)}))",
    ].join("\n");
    const run = spawnSync("python3", ["-B", "-c", program], { encoding: "utf8", timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    const supervisor = JSON.parse(run.stdout) as { selectorWaits: number[]; futex: number; socketReads: number[] };
    const nr = syscalls.numbers;
    const numbersOf = (names: string[]) => names.map((name) => nr[name as keyof typeof nr]).sort((a, b) => a - b);
    expect(supervisor.selectorWaits).toEqual(numbersOf(syscalls.selectorWaits));
    expect(supervisor.socketReads).toEqual(numbersOf(syscalls.socketReads));
    expect(supervisor.futex).toBe(nr.futex);
    // What the sampler calls a wait in a foreign epoll set, a lock, a sleep, the checks say in those words.
    for (const epoll of supervisor.selectorWaits) expect(describeSyscall(epoll)).toMatch(/epoll set/);
    expect(describeSyscall(supervisor.futex)).toMatch(/lock/);
    expect(describeSyscall(nr.clock_nanosleep)).toMatch(/time\.sleep/);
    expect(describeSyscall(nr.read)).toMatch(/blocking read/);
  });
});
