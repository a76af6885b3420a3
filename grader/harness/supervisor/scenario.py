"""One scenario in one child: PID 1 writes its files, hands the child its part of the scenario
(never the hidden tables), serves its operations and pages, watches its threads, reads its output
and trace within their limits, and puts together the scenario's result."""
import asyncio
import json
import os
import shutil
import signal
import time

from .cgroup import memory_failcnt, pids_limit_hits
from .census import kill_strays
from .children import libraries_for
from .clock import run_queue_wait, wait_within_limit
from .http_fixture import HttpFixture
from .ops import OpsServer
from .records import TraceRecords
from .report import LiveStream, write_all
from .sampler import ThreadSampler


class ScenarioSupervision:
    """PID 1 supervising one scenario in one child: its workdir, the lines, stderr and trace records
    read from the child, PID 1's clock readings around it, the limit it broke, and its result."""

    def __init__(self, payload, scenario, index):
        self.payload = payload
        self.scenario = scenario
        self.workdir = f"/tmp/run{index}"
        self.limits = payload["limits"]
        self.lines = []
        self.stdout_bytes = 0
        self.stderr = bytearray()
        self.stderr_bytes = 0
        self.trace = TraceRecords(self.limits, self.flag)
        self.returned = None
        self.begun = None
        self.exited = None
        self.integrity = []
        self.limit = None
        self.proc = None
        self.sampler = None
        self.started = None
        # Runs only (the payload's "live", never a grading's): each line streamed as it is read.
        self.live = LiveStream(payload["nonce"], scenario["id"], payload["live"]) if payload.get("live") else None

    @property
    def final(self):
        return self.trace.final

    @property
    def records(self):
        return self.trace.records

    @property
    def record_count(self):
        return self.trace.count

    def prepare(self):
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir, mode=0o700)
        with open(os.path.join(self.workdir, "solution.py"), "w", encoding="utf-8") as f:
            f.write(self.payload["solution"])
        os.makedirs(os.path.join(self.workdir, "files"), mode=0o700)
        for name, content in (self.scenario.get("files") or {}).items():
            with open(os.path.join(self.workdir, "files", name), "w", encoding="utf-8") as f:
                f.write(content)

    def flag(self, problem):
        if problem not in self.integrity:
            self.integrity.append(problem)

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
        waited = run_queue_wait("self")
        while True:
            chunk = await stream.read(4096)
            now = time.monotonic()
            if not chunk:
                break
            # How long PID 1 itself waited for a CPU since its last read: at most that much of the
            # chunk's lateness is the machine's load, not the child's. PID 1's own record.
            waited, lag = (w := run_queue_wait("self")), w - waited
            self.stdout_bytes += len(chunk)
            if self.stdout_bytes > cap:
                self.over_limit("output")
                break
            pending += chunk
            *complete, pending = pending.split(b"\n")
            # The loop thread's own time by then: a lower bound on the line's arrival rests on it.
            own = self.sampler.own_until(now) if self.sampler is not None else 0.0
            for raw in complete:
                self.lines.append({"t": now, "text": raw.decode("utf-8", "replace").rstrip(), "lag": lag, "own": own})
            if self.live and complete:
                self.stream_live(len(complete), now)
        if pending and self.limit != "output":
            self.lines.append({"t": time.monotonic(), "text": pending.decode("utf-8", "replace").rstrip(),
                               "partial": True})

    def stream_live(self, count, now):
        """A run's newest `count` lines, each as its own JSON line on PID 1's stdout the moment it is
        read, before the report (report.LiveStream)."""
        write_all(1, self.live.encode(self.lines[len(self.lines) - count:], now - self.started))

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
        """Trace records, as untrusted as anything the child writes (records.TraceRecords)."""
        while True:
            try:
                line = await stream.readline()
            except (ValueError, asyncio.LimitOverrunError):
                self.trace.too_long()
                continue
            if not line:
                break
            event = self.trace.take(line)
            if event is None:
                continue
            what, value = event
            if what == "final":
                self.returned = time.monotonic()
            elif what == "loop" and self.sampler is not None:
                self.sampler.loop_epfd = value
            elif what == "begin":
                self.begun = time.monotonic()
                if self.sampler is not None:
                    self.sampler.begun = self.begun
                    self.sampler.split(self.begun)

    async def wait_within_limit(self, started):
        """Wait for the child, charging it only for time it could run (clock.wait_within_limit)."""
        return await wait_within_limit(self.proc, self.scenario["timeout"], started)

    async def run(self, child, fixtures, family):
        self.prepare()
        self.proc = child
        ops = None
        sampler = self.sampler = ThreadSampler(self.proc.pid, family, cpus=self.limits.get("cpus"))
        if self.scenario.get("ops"):
            # A name no one can derive: the runner's guard refuses listing /tmp and connecting here.
            ops = OpsServer(self.scenario["ops"], f"/tmp/grader-ops-{os.urandom(8).hex()}.sock",
                            sampler.main_writes if sampler.stat_only else None)
            await ops.start()
        # The child sees only what it needs to call the student's code: never the hidden tables
        # (delays, results, page bodies) that the checks compare against.
        visible = {k: v for k, v in self.scenario.items() if k not in ("ops", "http", "files")}
        child_payload = {
            "runner": self.payload["runner"],
            "driver": self.payload.get("driver") or "",
            "scenario": visible,
            "workdir": self.workdir,
            "http_base": fixtures.base if fixtures else "",
            "ops_path": ops.path if ops else "",
            # gVisor runs an application that installs any seccomp filter far slower (0.25 s more per
            # grader operation, an allow-all filter included): there the guard is the audit hook and
            # the census by ledger alone.
            "kernel_seal": not sampler.stat_only,
        }
        failcnt_before, pid_hits_before = memory_failcnt(), pids_limit_hits()
        started = self.started = time.monotonic()
        self.proc.stdin.write(json.dumps(child_payload).encode() + b"\n")
        try:
            await self.proc.stdin.drain()
            self.proc.stdin.close()
        except (BrokenPipeError, ConnectionResetError):
            pass
        watching = asyncio.ensure_future(sampler.watch(self.proc))
        trace_r = child.trace_r
        loop = asyncio.get_running_loop()
        trace_reader = asyncio.StreamReader(limit=self.limits["traceRecordBytes"])
        trace_file = os.fdopen(trace_r, "rb")
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(trace_reader), trace_file)
        readers = asyncio.gather(self.read_stdout(self.proc.stdout), self.read_stderr(self.proc.stderr),
                                 self.read_records(trace_reader))
        if not await self.wait_within_limit(started):
            self.over_limit("time")
        await self.proc.wait()
        self.exited = time.monotonic()
        watching.cancel()
        # Whatever the child left behind (a forked grandchild holding the trace pipe) is killed
        # now: nothing written after the child's exit can reach the report.
        sampler.other_pids.update(str(pid) for pid in kill_strays(family))
        if self.proc.launcher_lost:
            self.flag("the harness's process launcher was killed")
        try:
            await asyncio.wait_for(readers, timeout=1)
        except asyncio.TimeoutError:
            readers.cancel()
        transport.close()
        if ops:
            ops.close()
            for call in ops.calls:
                call["threads"] = sampler.waiting_during(call["start"], call["end"] or self.exited)
        failcnt = memory_failcnt()
        if self.limit is None and self.proc.returncode == -signal.SIGKILL and failcnt and failcnt != failcnt_before:
            self.limit = "memory"
        pid_hits = pids_limit_hits()
        if pid_hits and pid_hits != pid_hits_before and self.limit in (None, "time"):
            self.limit = "processes"
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
            "outside": {
                "child": self.proc.pid,
                "started": started,
                "begun": self.begun,
                "returned": self.returned,
                "exited": self.exited,
                "integrity": self.integrity[:20],
                "threads": sampler.report(self.exited, self.returned),
                "ops": ops.report() if ops else None,
            },
        }


async def run_scenario(payload, scenario, index, family, child=None):
    fixtures = None
    if scenario.get("http"):
        fixtures = HttpFixture(scenario["http"])
        await fixtures.start()
    try:
        child = child or await family.fork(payload["runner"], libraries_for([scenario]))
        return await ScenarioSupervision(payload, scenario, index).run(child, fixtures, family)
    finally:
        if fixtures:
            fixtures.server.close()
