import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../../../grader/checks/result";
import { grade } from "../../../grader/grade";
import { startSandbox } from "../../../grader/sandbox/container";
import { removeSandbox } from "../../../grader/sandbox/docker";
import { myContainers } from "../../helpers/sandboxes";
import type { Runtime } from "./runtime";

interface SeccompProfile {
  defaultAction: string;
  syscalls: { names: string[]; action: string }[];
}

const hostile = (name: string) => readFileSync(new URL(`../hostile/${name}`, import.meta.url), "utf8");
const firstFailure = (r: GradeReport) => r.checks.find((c) => !c.passed)!;

/** Each attack fails with a verdict that names what happened. */
const attacks = (runtime: Runtime): [file: string, check: string, message: RegExp][] => [
  // Under runsc gVisor's own memory for the new tasks may run out before the process limit.
  runtime === "runsc"
    ? [
        "fork-bomb.py",
        "code.runs|limits.memory",
        /more processes or threads than the sandbox allows|memory|system call the sandbox forbids|signal 9/,
      ]
    : [
        "fork-bomb.py",
        "code.runs",
        /more processes or threads than the sandbox allows|still running|system call the sandbox forbids/,
      ],
  // The container's OOM kill (no report) or the child's, told by PID 1 (the scenario's limit).
  ["memory-bomb.py", "limits.memory|code.runs", /more than 256 MiB of memory/],
  ["fill-tmp.py", "code.runs", /File too large|No space left/],
  ["write-root.py", "code.runs", /PermissionError|Read-only file system/],
  ["stderr-flood.py", "code.runs", /printed more than 64 KiB/],
  ["sleep-forever.py", "code.runs", /still running after \d+ s/],
  // Linux shields a namespace's init from its own processes' signals; gVisor does not: PID 1 dies,
  // and the engine, which recorded no kill, tells the submission's doing from an outside fault.
  runtime === "runsc"
    ? ["kill-harness.py", "harness.report", /killed the grader's harness/]
    : // Scenarios side by side: kill(-1) also takes the harness's zygote and the sibling scenarios.
      [
        "kill-harness.py",
        "code.runs|output.lines|harness.integrity|harness.report",
        /signal 9|SIGKILL|killed|should print|process launcher was killed|did your code kill processes/,
      ],
  ["forge-report.py", "harness.integrity", /don.t match what it saw from outside/],
  ["patch-clock.py", "loop.not-blocked", /time\.sleep/],
  [
    "subprocess-spawn.py",
    "code.runs|harness.integrity",
    /still running|raised|started another process|system call the sandbox forbids|signal 9/,
  ],
  // The runner's guard refuses ctypes before it can touch memory.
  ["ctypes-crash.py", "code.runs", /killed by signal 11|does not allow ctypes/],
  // Under gVisor thousands of threads may take longer to start than the scenario's time limit.
  ["thread-flood.py", "limits.memory|code.runs", /memory|processes|still running after/],
  // Closing the trace pipe is a call the runner's seccomp filter kills.
  ["close-fds.py", "code.runs", /ended the Python process itself|raised|system call the sandbox forbids/],
  ["forbidden-syscalls.py", "code.runs", /system call the sandbox forbids|does not allow ctypes/],
  ["forbidden-ptrace.py", "code.runs", /system call the sandbox forbids|does not allow ctypes/],
];

/** The hostile suite, graded on the engine's runtime in use (test/grader/hostile.test.ts, runsc.test.ts). */
export function hostileSuite(runtime: Runtime) {
  describe(`hostile submissions under ${runtime}: a named verdict, no harm, no leftovers`, () => {
    it.each(attacks(runtime))("%s fails with %s", async (file, check, message) => {
      const report = await grade("first-coroutine", hostile(file), { remeasure: false });
      expect(report.verdict).toBe("failed");
      const failed = firstFailure(report);
      expect(failed.id).toMatch(new RegExp(`^(${check})$`));
      expect(failed.message).toMatch(message);
    });

    it("sees no network but loopback, no host services, no Docker socket, no privileges", async () => {
      const report = await grade("first-coroutine", hostile("network-probe.py"), { remeasure: false });
      const probe = report.output!.split("\n").find((l) => l.startsWith("PROBE "))!;
      expect(probe).toContain("'ifaces': ['lo']");
      expect(probe).toContain("'routes': 0");
      for (const port of [5432, 6379, 3000, 2375]) expect(probe).toContain(`${port}: 'ConnectionRefusedError'`);
      expect(probe).toContain("'docker_sock': False");
      expect(probe).toContain("'uid': 65534");
      expect(probe).toMatch(/'env': \['HOME', 'LANG', 'PATH', 'PYTHONDONTWRITEBYTECODE'\]/);
    });

    it("cannot reach a sandbox running beside it, by loopback TCP or abstract unix socket", async () => {
      const [listener, connector] = await Promise.all([
        grade("first-coroutine", hostile("neighbour-listen.py"), { remeasure: false }),
        grade("first-coroutine", hostile("neighbour-connect.py"), { remeasure: false }),
      ]);
      const [, listenFrom, listenTo] = /LISTENED ([\d.]+) ([\d.]+)/.exec(listener.output ?? "")!.map(Number);
      const found = /NEIGHBOUR \[(.*)\] ([\d.]+) ([\d.]+)/.exec(connector.output ?? "")!;
      // Both ran at the same moment (the host's clock is the containers' clock), and nothing answered.
      expect(Math.min(listenTo, Number(found[3])) - Math.max(listenFrom, Number(found[2]))).toBeGreaterThan(0.5);
      expect(found[1]).toBe("'ConnectionRefusedError'");
    });

    it("reads nothing of the harness, the host or other submissions", async () => {
      const report = await grade("first-coroutine", hostile("read-secrets.py"), { remeasure: false });
      const seen = report.output!.split("\n").find((l) => l.startsWith("SEEN "))!;
      // gVisor lets a process of the same user read PID 1's environment, which holds nothing secret.
      const pid1 = runtime === "runsc" ? "('\\/proc\\/1\\/environ', )?" : "";
      // Only its own code (scenarios side by side each hold a copy of the same submission), or
      // nothing at all: the runner's guard refuses listing /tmp and PID 1's /proc.
      expect(seen).toMatch(new RegExp(`^SEEN \\[${pid1}('\\/tmp\\/run\\d\\/solution\\.py'(, )?)*\\] \\[`));
      const environ = report.output!.split("\n").find((l) => l.startsWith("PID1ENV "));
      if (environ) expect(environ).toMatch(/^PID1ENV \[('(HOME|HOSTNAME|LANG|PATH)'(, )?)*\]$/);
    });

    it("dumps no core, gets no /dev/shm to fill, runs nothing it wrote to /tmp", async () => {
      const report = await grade("first-coroutine", hostile("sandbox-limits.py"), { remeasure: false });
      const probe = report.output!.split("\n").find((l) => l.startsWith("LIMITS "))!;
      expect(probe).toContain("'core': (0, 0)");
      expect(probe).toContain("'shm': 'OSError'"); // 4 MiB into a 1 MiB /dev/shm
      expect(probe).toContain("'exec_tmp': 'noexec'"); // /tmp is noexec (and the guard refuses any exec)
    });

    it("leaves the engine no log of a sandbox's output to keep on the host's disk", async () => {
      const sandbox = await startSandbox();
      try {
        const info = await sandbox.container.inspect();
        expect(info.HostConfig.LogConfig?.Type).toBe("none");
        expect(info.HostConfig.ShmSize).toBe(1024 * 1024);
        expect(info.HostConfig.Ulimits).toContainEqual({ Name: "core", Soft: 0, Hard: 0 });
        // An explicit seccomp allow list, without the calls a submission could use to escape or spy.
        const seccomp = info.HostConfig.SecurityOpt?.find((o: string) => o.startsWith("seccomp="));
        const profile = JSON.parse(seccomp!.slice("seccomp=".length)) as SeccompProfile;
        expect(profile.defaultAction).toBe("SCMP_ACT_ERRNO");
        const allowed = profile.syscalls.filter((r) => r.action === "SCMP_ACT_ALLOW").flatMap((r) => r.names);
        expect(allowed).toContain("epoll_wait");
        for (const name of ["ptrace", "personality", "unshare", "setns", "mount", "keyctl", "bpf", "userfaultfd"])
          expect(allowed).not.toContain(name);
      } finally {
        await removeSandbox(sandbox.container);
      }
    });

    it("grades a correct submission normally afterwards", async () => {
      const report = await grade("first-coroutine", readFileSync("exercises/first-coroutine/reference.py", "utf8"));
      expect(report.verdict).toBe("passed");
    });

    afterAll(async () => {
      expect(await myContainers()).toBe(0);
    });
  });
}
