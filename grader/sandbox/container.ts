import { readdirSync, readFileSync } from "node:fs";
import { PassThrough, type Duplex } from "node:stream";
import type Docker from "dockerode";
import { workerEnv } from "../../lib/env/worker";
import { createSandbox, docker, removeSandbox, SandboxesStopping } from "./docker";
import { sandboxImageTag } from "./image";
import { isGvisor, seccompOption } from "./seccomp";

/**
 * PID 1 of the container runs the supervisor, whose files are the first stdin line (SUPERVISOR):
 * grader/harness/boot.py imports the package from them. The supervisor then starts its first child
 * and waits for the payload — so a started container waits, warm.
 */
const BOOT = [
  "import sys,json",
  "h=json.loads(sys.stdin.buffer.readline())",
  'exec(compile(h["boot"],"<boot>","exec"),{"__name__":"__supervisor__","FILES":h["files"]})',
].join("\n");
/** The supervisor's BOOTED (supervisor/report.py): its first stderr line, left out of the stderr a grading reports. */
const BOOTED = "booted";
/** Host threads gVisor's kernel (the Sentry, its Gofer, ptrace stubs) needs besides the submission's. */
const GVISOR_HOST_THREADS = 128;
/** The CPUs a sandbox may use; its supervisor is told, to judge which waits the child's own threads caused. */
export const SANDBOX_CPUS = 1;
const MAX_REPORT_BYTES = 16 * 1024 * 1024;
const SUPERVISOR = supervisorLine();

/**
 * The sandbox image holds no harness: PID 1's program is sent as it starts, the loader and the
 * package's files (paths under grader/harness/), with the shared table of syscall numbers.
 */
function supervisorLine(): string {
  const harness = new URL("../harness/", import.meta.url);
  const read = (path: string) => readFileSync(new URL(path, harness), "utf8");
  const modules = readdirSync(new URL("supervisor/", harness))
    .filter((name) => name.endsWith(".py"))
    .sort()
    .map((name) => `supervisor/${name}`);
  const files = Object.fromEntries([...modules, "syscalls.json"].map((path) => [path, read(path)]));
  return JSON.stringify({ boot: read("boot.py"), files });
}

export class SandboxUnavailable extends Error {}

/** A started sandbox waiting for its payload on stdin, with its output being collected. */
export interface StartedSandbox {
  container: Docker.Container;
  stream: Duplex;
  stdout: {
    text(): string;
    firstLine: Promise<void>;
    /** Calls `listener` with each complete line (without its newline), those already read first. */
    onLines(listener: (line: string) => void): void;
  };
  stderr: { text(): string };
  /**
   * Resolves once PID 1 has started its children's zygote and waits for the payload (or once the
   * container is gone: check attached()). The payload may be sent before: it waits in the pipe.
   */
  booted: Promise<void>;
  /**
   * False once the engine has closed the container's attach stream: the container has exited (a
   * warm one only exits if the engine killed it, e.g. while stopping) or the engine went away.
   */
  attached(): boolean;
}

/** Creates and starts one sandbox container with every limit of the sandbox contract. */
export async function startSandbox(): Promise<StartedSandbox> {
  const config = workerEnv();
  const memory = config.SANDBOX_MEMORY_MB * 1024 * 1024;
  let container: Docker.Container;
  try {
    const gvisor = await isGvisor(config.SANDBOX_RUNTIME);
    container = await createSandbox({
      Image: sandboxImageTag(),
      Cmd: ["python3", "-I", "-S", "-c", BOOT],
      User: "65534:65534",
      WorkingDir: "/tmp",
      Env: ["LANG=C.UTF-8"],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      OpenStdin: true,
      StdinOnce: true,
      Tty: false,
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: "none",
        ReadonlyRootfs: true,
        // noexec: nothing written by a submission runs as a program.
        Tmpfs: { "/tmp": "rw,nosuid,nodev,noexec,size=16m,mode=1777" },
        // The supervisor caps output; the engine must not keep its own uncapped copy on the host's disk.
        LogConfig: { Type: "none", Config: {} },
        // /dev/shm would be 64 MiB of memory outside the tmpfs cap.
        ShmSize: 1024 * 1024,
        Memory: memory,
        MemorySwap: memory,
        // gVisor's kernel runs as threads on the host, counted with the submission's: it needs room.
        PidsLimit: config.SANDBOX_PIDS + (gvisor ? GVISOR_HOST_THREADS : 0),
        NanoCpus: SANDBOX_CPUS * 1_000_000_000,
        CapDrop: ["ALL"],
        // An explicit allow list, not the engine's implicit default (see grader/sandbox/seccomp.ts).
        SecurityOpt: ["no-new-privileges", seccompOption(gvisor)],
        Ulimits: [
          // No core dumps: a crashing interpreter hands nothing to the host's core_pattern handler.
          { Name: "core", Soft: 0, Hard: 0 },
          { Name: "nofile", Soft: 256, Hard: 256 },
          { Name: "fsize", Soft: 8 * 1024 * 1024, Hard: 8 * 1024 * 1024 },
        ],
        IpcMode: "private",
        ...(config.SANDBOX_RUNTIME ? { Runtime: config.SANDBOX_RUNTIME } : {}),
      },
    });
  } catch (error) {
    if (error instanceof SandboxesStopping) throw new SandboxUnavailable(error.message);
    throw new SandboxUnavailable(describeDockerError(error));
  }
  try {
    const stream = (await container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as Duplex;
    let open = true;
    stream.once("close", () => (open = false));
    // An engine that dies mid-run resets the connection: that must not take the worker down with it.
    stream.on("error", () => (open = false));
    const stdout = collect(MAX_REPORT_BYTES);
    const stderr = collect(64 * 1024);
    docker().modem.demuxStream(stream, stdout.sink, stderr.sink);
    const booted = new Promise<void>((resolve) => {
      stream.once("close", resolve);
      stderr.onLines((line) => line === BOOTED && resolve());
    });
    await container.start();
    stream.write(SUPERVISOR + "\n");
    return {
      container,
      stream,
      stdout,
      stderr: { text: () => withoutBootLine(stderr.text()) },
      booted,
      attached: () => open,
    };
  } catch (error) {
    await removeSandbox(container);
    throw new SandboxUnavailable(describeDockerError(error));
  }
}

function withoutBootLine(text: string): string {
  return text.startsWith(`${BOOTED}\n`) ? text.slice(BOOTED.length + 1) : text;
}

function collect(cap: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new PassThrough();
  let lineEnded = () => {};
  // A grading's supervisor writes exactly one line on its stdout, the report: its end is the
  // verdict's start. A run's writes its printed lines first, one by one (read through onLines).
  const firstLine = new Promise<void>((resolve) => (lineEnded = resolve));
  let listener: ((line: string) => void) | undefined;
  let partial: Buffer[] = [];
  const split = (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(10); end >= 0; start = end + 1, end = chunk.indexOf(10, start)) {
      partial.push(chunk.subarray(start, end));
      const line = Buffer.concat(partial).toString("utf8");
      partial = [];
      listener!(line);
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  };
  sink.on("data", (chunk: Buffer) => {
    if (size + chunk.length <= cap) chunks.push(chunk);
    size += chunk.length;
    if (chunk.includes(10)) lineEnded();
    if (listener) split(chunk);
  });
  const onLines = (next: (line: string) => void) => {
    listener = next;
    split(Buffer.concat(chunks));
  };
  return { sink, firstLine, onLines, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Why sandboxes cannot be started with the configured image (missing, engine away), or null if they can. */
export async function sandboxImageProblem(): Promise<string | null> {
  try {
    await docker().getImage(sandboxImageTag()).inspect();
    return null;
  } catch (error) {
    return describeDockerError(error);
  }
}

export function describeDockerError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|ECONNREFUSED|connect/.test(message))
    return `The Docker engine is not reachable (${message}). Start it (npm run setup does) or set DOCKER_HOST.`;
  if (/No such image/i.test(message)) {
    // build-image.sh names the image after its recipe; a SANDBOX_IMAGE of another name needs a tag.
    const how = workerEnv().SANDBOX_IMAGE
      ? `'bash grader/sandbox/build-image.sh', then 'docker tag <the tag it prints> ${sandboxImageTag()}' ` +
        "(or unset SANDBOX_IMAGE)"
      : "'bash grader/sandbox/build-image.sh'";
    return `The sandbox image ${sandboxImageTag()} is missing: build it with ${how}.`;
  }
  return `The sandbox could not be created: ${message}`;
}
