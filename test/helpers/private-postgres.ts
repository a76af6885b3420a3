import { execFile, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./ports";

const run = promisify(execFile);

/**
 * A PostgreSQL server of the test's own on a free loopback port, so that an outage a test causes
 * never touches the shared server (127.0.0.1:5432) the other tests use. Trust authentication on
 * loopback only; no fsync (the data is thrown away).
 */
export interface PrivatePostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` — a base URL for `useOwnDatabase`. */
  url: string;
  port: number;
  /**
   * Really stops the server. `fast` (the default) terminates every session with an
   * admin-shutdown error (57P01), as a restart of a production database does; `immediate` is a crash.
   */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same port with the same data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its data directory. */
  destroy(): Promise<void>;
}

/** The newest `/usr/lib/postgresql/<version>/bin` holding initdb, or an Error naming what is missing. */
function serverBinaries(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const bin = versions
    .map((v) => `${root}/${v}/bin`)
    .find((dir) => existsSync(`${dir}/initdb`) && existsSync(`${dir}/pg_ctl`));
  if (!bin) {
    throw new Error(
      `startPrivatePostgres needs PostgreSQL's server binaries, but there is no initdb and pg_ctl under ` +
        `${root}/<version>/bin ` +
        `(found versions: ${versions.join(", ") || "none"}). Install them with: apt-get install -y postgresql`,
    );
  }
  return bin;
}

/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user. */
function asServerUser(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      "startPrivatePostgres runs as root, so it needs a `postgres` system user to run the server as (apt-get " +
        "install -y postgresql creates it)",
    );
  }
  if (!existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser") && !existsSync("/usr/bin/runuser")) {
    throw new Error(
      "startPrivatePostgres runs as root and needs `runuser` (util-linux) to run PostgreSQL as the postgres user",
    );
  }
  return {
    prefix: ["runuser", "-u", "postgres", "--"],
    uid: Number(uid.stdout.trim()),
    gid: Number(gid.stdout.trim()),
  };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = serverBinaries();
  const user = asServerUser();
  const dir = mkdtempSync(join(tmpdir(), "private-postgres-"));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = join(dir, "data");
  const logFile = join(dir, "server.log");
  const port = await freePort();

  const pg = async (program: string, args: string[]) => {
    const [command, ...rest] = [...user.prefix, `${bin}/${program}`, ...args];
    try {
      return await run(command, rest, { cwd: dir, encoding: "utf8" });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(
        `${program} ${args.join(" ")} failed: ${(error as Error).message}\n${stdout ?? ""}${stderr ?? ""}`,
      );
    }
  };

  // Loopback-only trust (initdb writes host lines for 127.0.0.1/32 and ::1/128, and the local socket).
  await pg("initdb", ["-D", data, "-U", "postgres", "-E", "UTF8", "--auth=trust", "--no-sync"]);
  appendFileSync(
    join(data, "postgresql.conf"),
    [
      "",
      "# startPrivatePostgres (test/helpers/private-postgres.ts)",
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      "",
    ].join("\n"),
  );

  let running = false;
  const server: PrivatePostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pg("pg_ctl", ["start", "-D", data, "-l", logFile, "-w", "-t", "60"]);
      running = true;
    },
    async stop(mode = "fast") {
      await pg("pg_ctl", ["stop", "-D", data, "-m", mode, "-w", "-t", "60"]);
      running = false;
    },
    async destroy() {
      process.off("exit", stopOnExit);
      if (running) await server.stop("immediate").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // pg_ctl detaches the server: never leave it behind when the test process ends without destroy().
  const stopOnExit = () => {
    if (!running) return;
    const [command, ...args] = [...user.prefix, `${bin}/pg_ctl`, "stop", "-D", data, "-m", "immediate"];
    spawnSync(command, args, { cwd: dir });
  };
  process.on("exit", stopOnExit);
  await server.start();
  return server;
}
