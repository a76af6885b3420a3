"""Grading supervisor: PID 1 of the sandbox container.

It reads one JSON payload on stdin (harness sources, the submission, the scenarios), runs each
scenario in a child interpreter, and writes one JSON report on its own stdout. The child never
holds a descriptor of that stdout, cannot signal PID 1 (the kernel drops signals to a namespace's
init that has no handler) and cannot read this process's memory or descriptors (not dumpable):
whatever the submission does, the report comes from here. Fixture servers live here too, so what
they observe (requests in flight, their timestamps) is outside the submission's reach.
"""
import asyncio
import ctypes
import json
import os
import shutil
import signal
import sys
import time

PR_SET_DUMPABLE = 4
# The child pre-imports what the runner needs, then waits for its scenario on stdin: a child can
# be started before its scenario is known, off the student's clock.
CHILD_BOOT = (
    "import sys,json,asyncio,builtins,importlib.util,os,threading,time,traceback,runpy\n"
    "p=json.loads(sys.stdin.readline())\n"
    "os.chdir(p['workdir'])\n"
    "g={'__name__':'__harness__','PAYLOAD':p}\n"
    "exec(compile(p['runner'],'<harness>','exec'),g)\n"
)


class Child:
    """A started child interpreter, waiting for its scenario, with its trace pipe."""

    @classmethod
    async def spawn(cls):
        self = cls()
        self.trace_r, trace_w = os.pipe()
        self.trace_fd = trace_w
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-u", "-X", "utf8", "-c", CHILD_BOOT,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, pass_fds=(trace_w,), cwd="/tmp",
            start_new_session=True,
            env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
        os.close(trace_w)
        return self


def make_undumpable():
    try:
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        sys.stderr.write(f"prctl failed: {exc}\n")


def kill_strays():
    """Kill every other process of ours (PID 1 is spared by the kernel) and reap them."""
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)


def run_queue_wait(pid):
    """Seconds the process's main thread spent runnable but waiting for a CPU."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def container_cpu_seconds():
    """CPU time used by everything in this container (cgroup v1 or v2), or None."""
    try:
        with open("/sys/fs/cgroup/cpuacct/cpuacct.usage") as f:
            return int(f.read()) / 1e9
    except (OSError, ValueError):
        pass
    try:
        with open("/sys/fs/cgroup/cpu.stat") as f:
            for line in f:
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1e6
    except (OSError, ValueError):
        pass
    return None


def pids_limit_hits():
    """How often a fork failed at the container's pids limit (cgroup v1 or v2), or None."""
    for path in ("/sys/fs/cgroup/pids/pids.events", "/sys/fs/cgroup/pids.events"):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith("max "):
                        return int(line.split()[1])
        except OSError:
            continue
    return None


def memory_failcnt():
    for path in ("/sys/fs/cgroup/memory/memory.failcnt", "/sys/fs/cgroup/memory.events"):
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        if path.endswith("failcnt"):
            return int(text.strip() or 0)
        for line in text.splitlines():
            if line.startswith("max "):
                return int(line.split()[1])
    return None


class HttpFixture:
    """A tiny HTTP/1.1 server with per-path delays that records every request it serves."""

    def __init__(self, routes):
        self.routes = routes
        self.events = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.server = None
        self.base = ""

    async def start(self):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"

    async def handle(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
                parts = request_line.split(" ")
                path = parts[1] if len(parts) > 1 else "/"
                route = self.routes.get(path)
                start = time.monotonic()
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                event = {"path": path, "start": start, "end": None, "status": 200 if route else 404,
                         "in_flight": self.in_flight}
                self.events.append(event)
                try:
                    if route:
                        await asyncio.sleep(route.get("delay", 0))
                        body = route["body"].replace("$BASE", self.base).encode()
                        ctype = route.get("type", "text/plain; charset=utf-8")
                        status = "200 OK"
                    else:
                        body, ctype, status = b"not found", "text/plain", "404 Not Found"
                    writer.write(
                        f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                    await writer.drain()
                finally:
                    self.in_flight -= 1
                    event["end"] = time.monotonic()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def report(self):
        return {"base": self.base, "requests": self.events, "max_in_flight": self.max_in_flight}


class ScenarioRun:
    def __init__(self, payload, scenario, index):
        self.payload = payload
        self.scenario = scenario
        self.workdir = f"/tmp/run{index}"
        self.limits = payload["limits"]
        self.lines = []
        self.stdout_bytes = 0
        self.stderr = bytearray()
        self.stderr_bytes = 0
        self.records = []
        self.record_count = 0
        self.final = None
        self.limit = None
        self.proc = None

    def prepare(self):
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir, mode=0o700)
        with open(os.path.join(self.workdir, "solution.py"), "w", encoding="utf-8") as f:
            f.write(self.payload["solution"])
        os.makedirs(os.path.join(self.workdir, "files"), mode=0o700)
        for name, content in (self.scenario.get("files") or {}).items():
            with open(os.path.join(self.workdir, "files", name), "w", encoding="utf-8") as f:
                f.write(content)

    def over_limit(self, which):
        if self.limit is None:
            self.limit = which
        if self.proc and self.proc.returncode is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    async def read_stdout(self, stream):
        cap = self.limits["outputBytes"]
        pending = b""
        while True:
            chunk = await stream.read(4096)
            now = time.monotonic()
            if not chunk:
                break
            self.stdout_bytes += len(chunk)
            if self.stdout_bytes > cap:
                self.over_limit("output")
                break
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                self.lines.append({"t": now, "text": raw.decode("utf-8", "replace").rstrip()})
        if pending and self.limit != "output":
            self.lines.append({"t": time.monotonic(), "text": pending.decode("utf-8", "replace").rstrip(),
                               "partial": True})

    async def read_stderr(self, stream):
        keep = self.limits["stderrBytes"]
        while True:
            chunk = await stream.read(4096)
            if not chunk:
                break
            self.stderr_bytes += len(chunk)
            if len(self.stderr) < keep:
                self.stderr += chunk[: keep - len(self.stderr)]
            if self.stderr_bytes > self.limits["outputBytes"] * 4:
                self.over_limit("output")
                break

    async def read_records(self, stream):
        cap = self.limits["traceRecords"]
        while True:
            line = await stream.readline()
            if not line:
                break
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("kind") == "final":
                self.final = record
                continue
            self.record_count += 1
            if len(self.records) < cap:
                self.records.append(record)

    async def wait_within_limit(self, started):
        """Wait for the child, charging it only for time it could run: time spent waiting for a
        CPU on a loaded machine is not the student's. CPU the container itself burned is always
        charged (a fork bomb competing with itself gets no discount); a hard cap of 4x bounds it."""
        limit = self.scenario["timeout"]
        cpu_start = container_cpu_seconds()
        while True:
            try:
                await asyncio.wait_for(asyncio.shield(self.proc.wait()), timeout=0.25)
                return True
            except asyncio.TimeoutError:
                pass
            wall = time.monotonic() - started
            cpu_now = container_cpu_seconds()
            burned = cpu_now - cpu_start if cpu_now is not None and cpu_start is not None else 0.0
            charged = max(wall - run_queue_wait(self.proc.pid), burned)
            if charged > limit or wall > 4 * limit:
                return False

    async def run(self, child, fixtures):
        self.prepare()
        self.proc = child.proc
        child_payload = {
            "runner": self.payload["runner"],
            "driver": self.payload.get("driver") or "",
            "scenario": self.scenario,
            "workdir": self.workdir,
            "trace_fd": child.trace_fd,
            "http_base": fixtures.base if fixtures else "",
        }
        started = time.monotonic()
        self.proc.stdin.write(json.dumps(child_payload).encode() + b"\n")
        try:
            await self.proc.stdin.drain()
            self.proc.stdin.close()
        except (BrokenPipeError, ConnectionResetError):
            pass
        trace_r = child.trace_r
        loop = asyncio.get_running_loop()
        trace_reader = asyncio.StreamReader(limit=1 << 20)
        trace_file = os.fdopen(trace_r, "rb")
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(trace_reader), trace_file)
        readers = asyncio.gather(self.read_stdout(self.proc.stdout), self.read_stderr(self.proc.stderr),
                                 self.read_records(trace_reader))
        if not await self.wait_within_limit(started):
            self.over_limit("time")
        failcnt_before = self.payload.get("_failcnt")
        try:
            await asyncio.wait_for(readers, timeout=2)
        except asyncio.TimeoutError:
            readers.cancel()
        transport.close()
        await self.proc.wait()
        kill_strays()
        failcnt = memory_failcnt()
        if self.limit is None and self.proc.returncode == -signal.SIGKILL and failcnt and failcnt != failcnt_before:
            self.limit = "memory"
        self.payload["_failcnt"] = failcnt
        pid_hits = pids_limit_hits()
        if pid_hits and pid_hits != self.payload.get("_pid_hits") and self.limit in (None, "time"):
            self.limit = "processes"
        self.payload["_pid_hits"] = pid_hits
        return {
            "id": self.scenario["id"],
            "started": started,
            "lines": self.lines,
            "stdoutBytes": self.stdout_bytes,
            "stderr": self.stderr.decode("utf-8", "replace"),
            "stderrBytes": self.stderr_bytes,
            "records": self.records,
            "recordCount": self.record_count,
            "final": self.final,
            "exitCode": self.proc.returncode,
            "limit": self.limit,
            "fixtures": fixtures.report() if fixtures else None,
        }


async def main():
    child = await Child.spawn()
    payload = json.loads(await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read))
    payload["_failcnt"] = memory_failcnt()
    payload["_pid_hits"] = pids_limit_hits()
    results = []
    for index, scenario in enumerate(payload["scenarios"]):
        fixtures = None
        if scenario.get("http"):
            fixtures = HttpFixture(scenario["http"])
            await fixtures.start()
        try:
            results.append(await ScenarioRun(payload, scenario, index).run(child, fixtures))
        finally:
            if fixtures:
                fixtures.server.close()
        if index + 1 < len(payload["scenarios"]):
            child = await Child.spawn()
    report = {"nonce": payload["nonce"], "scenarios": results}
    out = json.dumps(report).encode()
    os.write(1, out + b"\n")


if __name__ == "__main__" or __name__ == "__supervisor__":
    # As PID 1 the kernel only delivers signals we handle: ignore the ones Python would handle.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_IGN)
    make_undumpable()
    os.umask(0o077)
    asyncio.run(main())
