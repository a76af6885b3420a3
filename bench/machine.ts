import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user + system) a process and its children have used so far, from /proc. */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /s, "")
      .split(" ");
    const ticks = fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0); // utime stime cutime cstime
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** Every process whose command name is one of `names` (the Docker engine: dockerd, containerd...). */
export function pidsNamed(names: string[]): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return names.includes(readFileSync(`/proc/${p}/comm`, "utf8").trim());
      } catch {
        return false;
      }
    })
    .map(Number);
}

const ENGINE = ["dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v2", "runc"];

/**
 * Samples the machine while a benchmark runs: the worker's CPU, the engine's (its long-lived
 * processes; shims and runc calls that ended are in their parents' reaped-children counters), and
 * the lowest available memory, i.e. the peak the whole run needed.
 */
export function watchMachine(workerPids: () => number[]) {
  const engineStart = pidsNamed(ENGINE).reduce((s, p) => s + processCpuSeconds(p), 0);
  const workerStart = workerPids().reduce((s, p) => s + processCpuSeconds(p), 0);
  const totalMemory = memInfo("MemTotal");
  let lowestAvailable = memInfo("MemAvailable");
  const timer = setInterval(() => (lowestAvailable = Math.min(lowestAvailable, memInfo("MemAvailable"))), 250);
  return {
    stop() {
      clearInterval(timer);
      return {
        workerCpuSeconds: round(workerPids().reduce((s, p) => s + processCpuSeconds(p), 0) - workerStart),
        engineCpuSeconds: round(pidsNamed(ENGINE).reduce((s, p) => s + processCpuSeconds(p), 0) - engineStart),
        peakMemoryUsedMiB: Math.round((totalMemory - lowestAvailable) / 1024),
      };
    },
  };
}

function memInfo(key: string): number {
  const line = readFileSync("/proc/meminfo", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${key}:`));
  return Number(line?.split(/\s+/)[1] ?? 0);
}

const round = (n: number) => Math.round(n * 10) / 10;
