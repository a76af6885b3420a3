import { readFileSync } from "node:fs";
import { docker } from "./docker";

interface Rule {
  names: string[];
  action: string;
  errnoRet?: number;
}
interface Profile {
  syscalls: Rule[];
}

const PROFILE: Profile = JSON.parse(readFileSync(new URL("./seccomp.json", import.meta.url), "utf8"));

/** Calls no honest submission makes: each traps (SIGSYS), so the verdict can name it. */
export const FORBIDDEN_SYSCALLS: readonly string[] = PROFILE.syscalls.find((r) => r.action === "SCMP_ACT_TRAP")!.names;

/**
 * The sandbox's seccomp profile (grader/sandbox/seccomp.json: moby's default allow list, tightened)
 * as the engine takes it in SecurityOpt. gVisor applies it in its own kernel (runsc --oci-seccomp)
 * but answers EPERM where a rule says ENOSYS: glibc would then not fall back from clone3 to clone
 * and no thread could start. gVisor implements no clone3 (its kernel answers ENOSYS itself), and
 * namespaces made in it stay inside the sandbox's kernel, so there the call is left to it.
 */
export function seccompOption(gvisor: boolean): string {
  const rules = gvisor
    ? PROFILE.syscalls.map((r) =>
        r.names.includes("clone3") && r.errnoRet ? { ...r, action: "SCMP_ACT_ALLOW", errnoRet: undefined } : r,
      )
    : PROFILE.syscalls;
  return `seccomp=${JSON.stringify({ ...PROFILE, syscalls: rules })}`;
}

const gvisorRuntimes = new Map<string, Promise<boolean>>();

/** Whether the engine's runtime of that name is gVisor's runsc (by the path the engine runs). */
export function isGvisor(runtime: string | undefined): Promise<boolean> {
  if (!runtime) return Promise.resolve(false);
  let known = gvisorRuntimes.get(runtime);
  if (!known) {
    known = docker()
      .info()
      .then((info: { Runtimes?: Record<string, { path?: string }> }) => {
        const path = info.Runtimes?.[runtime]?.path ?? runtime;
        return /(^|\/)runsc$/.test(path);
      })
      .catch(() => /runsc|gvisor/i.test(runtime));
    gvisorRuntimes.set(runtime, known);
  }
  return known;
}
