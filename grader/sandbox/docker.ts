import Docker from "dockerode";
import { workerEnv } from "../../lib/env/worker";

let client: Docker | undefined;

/** One Docker client per process; DOCKER_HOST (tcp:// or unix://) wins over the default socket. */
export function docker(): Docker {
  if (client) return client;
  const host = workerEnv().DOCKER_HOST;
  if (!host) client = new Docker();
  else if (host.startsWith("unix://")) client = new Docker({ socketPath: host.slice("unix://".length) });
  else {
    const url = new URL(host.replace(/^tcp:/, "http:"));
    client = new Docker({ host: url.hostname, port: Number(url.port || 2375) });
  }
  return client;
}

export const SANDBOX_LABEL = "asyncio-course.sandbox";

/** Containers the engine could not remove when we asked (it was away): asked again until it answers. */
const leftovers = new Map<string, Docker.Container>();
let retrying: NodeJS.Timeout | undefined;
const LEFTOVER_RETRY_MS = 3000;

/**
 * Removes a used or unwanted sandbox container. An engine that is down or restarting cannot remove
 * anything, and its killed containers outlive it: those are remembered and removed once it is back.
 */
export async function removeSandbox(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true });
    leftovers.delete(container.id);
  } catch (error) {
    // A refusal (gone already, removal in progress) means there is nothing left to remove.
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === "number" && status < 500) return void leftovers.delete(container.id);
    leftovers.set(container.id, container);
    retrying ??= setTimeout(() => {
      retrying = undefined;
      void removeLeftoverSandboxes();
    }, LEFTOVER_RETRY_MS).unref();
  }
}

const removing = new Set<Promise<void>>();

/**
 * How long a used container waits before its removal. The engine's teardown (killing what is left,
 * the cgroup, the overlay) takes CPU for tens of ms; started at once, it competed with storing and
 * announcing the verdict it had just delivered. PID 1 kills every other process once it has written
 * its report and stays until this removal (supervisor.py, REPORT_LINGER_S), so the container's exit
 * is this removal's too, and the wait keeps no submission's code running.
 */
export const REMOVAL_DELAY_MS = 300;

/**
 * Removes a used container off the grading's path: the verdict does not wait for the engine to
 * tear it down. `removalsSettled()` waits for every removal started so far (tests, shutdown).
 */
export function removeSandboxLater(container: Docker.Container): void {
  const removal = new Promise((resolve) => setTimeout(resolve, REMOVAL_DELAY_MS))
    .then(() => removeSandbox(container))
    .finally(() => removing.delete(removal));
  removing.add(removal);
}

export async function removalsSettled(): Promise<void> {
  while (removing.size) await Promise.all([...removing]);
}

/** Tries once more to remove what could not be removed; resolves with how many are still left. */
export async function removeLeftoverSandboxes(): Promise<number> {
  await Promise.all([...leftovers.values()].map(removeSandbox));
  return leftovers.size;
}
