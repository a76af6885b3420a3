import { hostname } from "node:os";
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
/** Which process started a sandbox: `<host>:<pid>` (a worker's start reaps those of dead owners). */
export const OWNER_LABEL = "asyncio-course.worker";
/** SANDBOX_TAG's label: lets a test count (and only ever touch) the containers of the processes it ran. */
export const TAG_LABEL = "asyncio-course.tag";

/** The labels of every sandbox this process starts. */
export function sandboxLabels(): Record<string, string> {
  const tag = workerEnv().SANDBOX_TAG;
  return { [SANDBOX_LABEL]: "1", [OWNER_LABEL]: `${hostname()}:${process.pid}`, ...(tag ? { [TAG_LABEL]: tag } : {}) };
}

/**
 * Every container this process created and has not seen removed yet: whoever starts a sandbox
 * removes it before it exits (removeAllSandboxes), whichever way it exits.
 */
const owned = new Map<string, Docker.Container>();
/** Creations under way: a container they bring after the process began to stop is removed at once. */
const creating = new Set<Promise<unknown>>();
let stopping = false;

export class SandboxesStopping extends Error {
  constructor() {
    super("The process is stopping: no new sandbox is started.");
  }
}

/** Creates a sandbox container, owned by this process until removeSandbox removes it. */
export async function createSandbox(options: Docker.ContainerCreateOptions): Promise<Docker.Container> {
  if (stopping) throw new SandboxesStopping();
  const creation = docker().createContainer({ ...options, Labels: { ...options.Labels, ...sandboxLabels() } });
  creating.add(creation);
  let container: Docker.Container;
  try {
    container = await creation;
  } finally {
    creating.delete(creation);
  }
  owned.set(container.id, container);
  if (stopping) {
    await removeSandbox(container);
    throw new SandboxesStopping();
  }
  return container;
}

/** How many containers this process owns right now (started and not yet removed). */
export function ownedSandboxes(): number {
  return owned.size;
}

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
    forget(container.id);
  } catch (error) {
    // A refusal (gone already, removal in progress) means there is nothing left to remove.
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === "number" && status < 500) return forget(container.id);
    leftovers.set(container.id, container);
    retrying ??= setTimeout(() => {
      retrying = undefined;
      void removeLeftoverSandboxes();
    }, LEFTOVER_RETRY_MS).unref();
  }
}

function forget(id: string) {
  leftovers.delete(id);
  owned.delete(id);
}

const removing = new Set<Promise<void>>();
/** Used containers waiting out REMOVAL_DELAY_MS, each with the call that removes it now instead. */
const delayed = new Map<string, () => void>();

/**
 * How long a used container waits before its removal. The engine's teardown (killing what is left,
 * the cgroup, the overlay) takes CPU for tens of ms; started at once, it competed with storing and
 * announcing the verdict it had just delivered. PID 1 kills every other process once it has written
 * its report and stays until this removal (supervisor/report.py, REPORT_LINGER_S), so the container's exit
 * is this removal's too, and the wait keeps no submission's code running.
 */
export const REMOVAL_DELAY_MS = 300;

/**
 * Removes a used container off the grading's path: the verdict does not wait for the engine to
 * tear it down. `removalsSettled()` waits for every removal started so far (tests, shutdown); a
 * process that stops removes the waiting ones at once (removeAllSandboxes).
 */
export function removeSandboxLater(container: Docker.Container): void {
  if (delayed.has(container.id)) return;
  let now = () => {};
  const due = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, stopping ? 0 : REMOVAL_DELAY_MS);
    now = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  delayed.set(container.id, now);
  const removal = due
    .then(() => {
      delayed.delete(container.id);
      return removeSandbox(container);
    })
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

/** How long a stopping process keeps asking an engine that does not answer before it exits anyway. */
const STOP_PATIENCE_MS = 10_000;

/**
 * Removes every sandbox this process started and still owns — used ones waiting for their removal,
 * warm ones, ones still running a grading (a stopping process calls its work off) and ones still
 * being created — and starts no more. Resolves with how many could not be removed (the engine is
 * away: a worker's start reaps them later), after STOP_PATIENCE_MS at most.
 */
export async function removeAllSandboxes(): Promise<number> {
  stopping = true;
  const removeAll = async () => {
    while (creating.size) await Promise.allSettled([...creating]);
    for (const now of delayed.values()) now();
    await Promise.all([removalsSettled(), ...[...owned.values()].map(removeSandbox)]);
    if (leftovers.size) await removeLeftoverSandboxes();
  };
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([removeAll(), new Promise((resolve) => (timer = setTimeout(resolve, STOP_PATIENCE_MS)))]);
  clearTimeout(timer);
  return owned.size;
}
