import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";

/**
 * A Docker engine of the test's own, so that a test can stop and restart "the engine" without
 * touching the machine's shared one (other tests and people use it). It has its own socket, data,
 * exec root and containerd, and — as every engine on this machine must — no bridge and no
 * iptables: no container gets a network interface but lo.
 */
export interface PrivateDocker {
  /** For DOCKER_HOST. */
  host: string;
  socketPath: string;
  /** Runs the docker CLI against this engine; throws with its output if it fails. */
  cli(...args: string[]): string;
  /** SIGTERM to dockerd, resolved once it has exited (it stops its containers first). */
  stop(): Promise<void>;
  /** Starts dockerd again on the same socket and data; resolves once it answers. */
  start(): Promise<void>;
  /** Removes every container, stops dockerd, unmounts what it left mounted and deletes its dirs. */
  destroy(): Promise<void>;
  /** The dockerd log so far (for a failing test's message). */
  log(): string;
}

/** Starts a private dockerd and loads `images` into it from the shared engine (`docker save | docker load`). */
export async function startPrivateDocker(images: string[] = []): Promise<PrivateDocker> {
  if (process.getuid?.() !== 0)
    throw new Error("A private Docker engine needs root: run this test as root (dockerd must run as root here).");
  const dockerd = spawnSync("sh", ["-c", "command -v dockerd"], { encoding: "utf8" }).stdout.trim();
  if (!dockerd) throw new Error("dockerd is not installed: apt-get install -y docker.io (npm run setup does).");

  // Unix socket paths are limited to about 100 bytes, and containerd's live under the exec root.
  const dir = mkdtempSync("/tmp/pd-");
  const socketPath = `${dir}/docker.sock`;
  const logFile = `${dir}/dockerd.log`;
  // An empty config file of its own: whatever /etc/docker/daemon.json says must not apply here.
  writeFileSync(`${dir}/daemon.json`, "{}\n");
  const id = dir
    .slice("/tmp/pd-".length)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  const args = [
    `--host=unix://${socketPath}`,
    `--data-root=${dir}/data`,
    `--exec-root=${dir}/x`,
    `--pidfile=${dir}/docker.pid`,
    `--config-file=${dir}/daemon.json`,
    // Even if a system containerd appears, this engine's containers live in namespaces of their own.
    `--containerd-namespace=pd-${id}`,
    `--containerd-plugins-namespace=pd-${id}-plugins`,
    "--bridge=none",
    "--iptables=false",
    "--ip6tables=false",
    "--ip-forward=false",
    "--ip-masq=false",
    "--userland-proxy=false",
  ];

  let daemon: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();

  const ping = () =>
    new Promise<boolean>((resolve) => {
      const req = request({ socketPath, path: "/_ping", timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on("error", () => resolve(false));
      req.on("timeout", () => req.destroy());
      req.end();
    });

  const cli = (...cliArgs: string[]) => {
    const run = spawnSync("docker", ["-H", `unix://${socketPath}`, ...cliArgs], { encoding: "utf8" });
    if (run.status !== 0)
      throw new Error(`docker ${cliArgs.join(" ")} failed on the private engine: ${run.stderr || run.stdout}`);
    return run.stdout;
  };

  const engine: PrivateDocker = {
    host: `unix://${socketPath}`,
    socketPath,
    cli,
    log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    async start() {
      if (daemon && daemon.exitCode === null && daemon.signalCode === null)
        throw new Error("the private dockerd is already running");
      const out = openSync(logFile, "a");
      daemon = spawn(dockerd, args, { stdio: ["ignore", out, out] });
      closeSync(out);
      const child = daemon;
      exited = new Promise((resolve) => child.once("exit", resolve));
      const deadline = Date.now() + 60_000;
      while (!(await ping())) {
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
          child.kill("SIGKILL");
          throw new Error(
            `The private dockerd did not come up (exit ` +
              `${child.exitCode ?? child.signalCode}):\n${engine.log().slice(-3000)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (!daemon || daemon.exitCode !== null || daemon.signalCode !== null) return;
      daemon.kill("SIGTERM");
      // dockerd gives its containers their stop timeout (10 s) before SIGKILL, then exits.
      const timer = setTimeout(() => daemon?.kill("SIGKILL"), 60_000);
      await exited;
      clearTimeout(timer);
    },
    async destroy() {
      if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
        const ids = spawnSync("docker", ["-H", engine.host, "ps", "-aq"], { encoding: "utf8" }).stdout.trim();
        if (ids) spawnSync("docker", ["-H", engine.host, "rm", "-f", ...ids.split(/\s+/)]);
        await engine.stop();
      }
      // dockerd leaves overlay and netns mounts under its roots: deepest first, or rm cannot delete them.
      const mounts = readFileSync("/proc/self/mountinfo", "utf8")
        .split("\n")
        .map((line) => line.split(" ")[4]?.replace(/\\040/g, " "))
        .filter((point): point is string => !!point && (point === dir || point.startsWith(`${dir}/`)))
        .sort((a, b) => b.length - a.length);
      for (const point of mounts) {
        if (spawnSync("umount", [point]).status !== 0) spawnSync("umount", ["-l", point]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await engine.start();
    for (const image of images) {
      // docker save on the shared engine piped into docker load on this one; no registry involved.
      const load = spawnSync("sh", ["-c", `docker save "$0" | docker -H "$1" load`, image, engine.host], {
        encoding: "utf8",
      });
      if (load.status !== 0)
        throw new Error(`Loading ${image} into the private engine failed: ${load.stderr || load.stdout}`);
    }
  } catch (error) {
    await engine.destroy();
    throw error;
  }
  return engine;
}
