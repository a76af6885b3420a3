import { describe, expect, it } from "vitest";
import { FORBIDDEN_SYSCALLS, seccompOption } from "../../grader/sandbox/seccomp";

interface Rule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: { index: number; value: number; op: string }[];
}
const profile = (gvisor: boolean) =>
  JSON.parse(seccompOption(gvisor).slice("seccomp=".length)) as { defaultAction: string; syscalls: Rule[] };

describe("the sandbox's seccomp profile", () => {
  it("is an allow list: anything not on it fails with EPERM", () => {
    const p = profile(false);
    expect(p.defaultAction).toBe("SCMP_ACT_ERRNO");
    expect(seccompOption(false).startsWith("seccomp={")).toBe(true);
  });

  it("allows none of the calls it forbids, which trap so that the verdict can name them", () => {
    const rules = profile(false).syscalls;
    const allowed = new Set(rules.filter((r) => r.action === "SCMP_ACT_ALLOW").flatMap((r) => r.names));
    for (const name of ["ptrace", "personality", "unshare", "setns", "mount", "keyctl", "bpf", "perf_event_open"])
      expect(FORBIDDEN_SYSCALLS).toContain(name);
    expect(FORBIDDEN_SYSCALLS).toContain("userfaultfd");
    expect(FORBIDDEN_SYSCALLS.filter((n) => allowed.has(n))).toEqual([]);
    expect(rules.find((r) => r.action === "SCMP_ACT_TRAP")!.names).toEqual(FORBIDDEN_SYSCALLS);
  });

  it("lets an asyncio program run: threads, sockets, epoll, pipes, subprocesses", () => {
    const allowed = new Set(
      profile(false)
        .syscalls.filter((r) => r.action === "SCMP_ACT_ALLOW")
        .flatMap((r) => r.names),
    );
    for (const name of ["epoll_wait", "epoll_pwait", "futex", "socket", "connect", "pipe2", "wait4", "execve", "clone"])
      expect(allowed.has(name), name).toBe(true);
  });

  it("creates no namespaces through clone, and answers clone3 with ENOSYS so glibc falls back to it", () => {
    const rules = profile(false).syscalls;
    const clone = rules.find((r) => r.names.includes("clone") && r.args)!;
    expect(clone.args![0]).toMatchObject({ index: 0, op: "SCMP_CMP_MASKED_EQ", value: 0x7e020000 });
    expect(rules.find((r) => r.names.includes("clone3"))).toMatchObject({ action: "SCMP_ACT_ERRNO", errnoRet: 38 });
  });

  it("under gVisor, which answers EPERM whatever errnoRet says, leaves clone3 to its kernel", () => {
    const clone3 = profile(true).syscalls.find((r) => r.names.includes("clone3"))!;
    expect(clone3.action).toBe("SCMP_ACT_ALLOW");
    expect(clone3.errnoRet).toBeUndefined();
    expect(profile(true).syscalls.find((r) => r.action === "SCMP_ACT_TRAP")!.names).toEqual(FORBIDDEN_SYSCALLS);
  });
});
