"""Grading supervisor: PID 1 of the sandbox container.

It reads one JSON payload on stdin (harness sources, the submission, the scenarios), runs each
scenario in a child interpreter, and writes one JSON report on its own stdout (a run, never a
grading, first streams each printed line there as it is read: see ScenarioRun.stream_live). The
child never holds a descriptor of that stdout, cannot signal PID 1 (the kernel drops signals to a
namespace's init that has no handler) and cannot read this process's memory or descriptors (not
dumpable): whatever the submission does, the report comes from here. Fixture servers live here
too, so what they observe (requests in flight, their timestamps) is outside the submission's reach.
"""
import asyncio
import bisect
import ctypes
import json
import os
import shutil
import signal
import socket
import struct
import sys
import time

PR_SET_DUMPABLE = 4
# What the zygote imports ahead, so that no import is on the student's clock: the runner's modules
# at start, an exercise's libraries before its first child (aiohttp alone costs about 0.1 s of CPU,
# which gradings that serve no pages do not pay). Nothing of the runner is left in __main__: its
# globals live in a dict only the runner holds.
CORE_MODULES = "sys,json,asyncio,builtins,importlib,importlib.util,os,threading,time,traceback,runpy,socket"


def libraries_for(scenarios):
    """What a scenario's child needs imported ahead: aiohttp where it serves pages, aiofiles
    where it hands out files."""
    wanted = []
    if any(s.get("http") for s in scenarios):
        wanted.append("aiohttp")
    if any(s.get("files") for s in scenarios):
        wanted += ["aiofiles", "aiofiles.threadpool"]
    return wanted


# The zygote: an interpreter that has imported what every child needs and forks one child per
# scenario, so no interpreter start or import is on any scenario's path. It is started before the
# payload arrives (it never holds a secret) and makes itself undumpable, so a submission can neither
# trace it nor rewrite its memory to taint a later child. Each child re-enables dumping (the
# sampler reads its /proc), takes its pipes, leaves the zygote's session and runs the runner.
ZYGOTE = r"""
import {modules}
import ctypes, selectors, signal


def zygote(ctl_fd):
    libc = ctypes.CDLL(None)
    libc.prctl(4, 0, 0, 0, 0)
    ctl = socket.socket(fileno=ctl_fd)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    selector = selectors.DefaultSelector()
    selector.register(ctl, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    runner = None
    ctl.send(b'{{"ready": true}}')
    while True:
        for key, _ in selector.select():
            if key.fileobj is wake_r:
                os.read(wake_r, 4096)
                while True:
                    try:
                        pid, status = os.waitpid(-1, os.WNOHANG)
                    except ChildProcessError:
                        break
                    if pid == 0:
                        break
                    ctl.send(json.dumps({{"exit": pid, "code": os.waitstatus_to_exitcode(status)}}).encode())
                continue
            message, fds, _, _ = socket.recv_fds(ctl, 1 << 20, 4)
            if not message:
                return
            request = json.loads(message)
            if request.get("runner"):
                runner = compile(request["runner"], "<harness>", "exec")
            for name in request.get("libraries", ()):
                importlib.import_module(name)
            pid = os.fork()
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                selector.close()
                os.close(wake_r)
                os.close(wake_w)
                os.setsid()
                for target, fd in enumerate(fds[:3]):
                    os.dup2(fd, target)
                    os.close(fd)
                libc.prctl(4, 1, 0, 0, 0)
                # Only now can the supervisor watch this process: it learns the pid from here.
                ctl.send(json.dumps({{"pid": os.getpid()}}).encode())
                ctl.close()
                payload = json.loads(sys.stdin.readline())
                payload["trace_fd"] = fds[3]
                os.chdir(payload["workdir"])
                exec(runner, {{"__name__": "__harness__", "PAYLOAD": payload}})
                os._exit(0)
            for fd in fds:
                os.close(fd)


zygote(int(sys.argv[1]))
"""
CHILD_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}


class Zygote:
    """The supervisor's side of the zygote: asks it for children and learns how each one ended."""

    @classmethod
    async def start(cls):
        self = cls()
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        source = ZYGOTE.format(modules=CORE_MODULES)
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-I", "-u", "-X", "utf8", "-c", source, str(theirs.fileno()),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),), cwd="/tmp", start_new_session=True, env=CHILD_ENV)
        theirs.close()
        self.sock.setblocking(False)
        self.exits = {}  # pid -> future of its exit code
        self.replies = asyncio.Queue()
        self.runner_sent = False
        self.forking = asyncio.Lock()
        self.listening = asyncio.ensure_future(self.listen())
        try:
            ready = await asyncio.wait_for(self.replies.get(), timeout=30)
        except asyncio.TimeoutError:
            ready = None
        if not ready:  # no word in 30 s, or it died on the way: say so rather than fork from nothing
            if self.proc.returncode is None:
                self.proc.kill()
            raise RuntimeError("the harness's zygote did not start (30 s, or it exited first)")
        return self

    async def listen(self):
        loop = asyncio.get_running_loop()
        try:
            while True:
                message = await loop.sock_recv(self.sock, 4096)
                if not message:
                    break
                event = json.loads(message)
                if "exit" in event:
                    self.exit_of(event["exit"]).set_result(event["code"])
                else:
                    await self.replies.put(event)
        except (OSError, ValueError):
            pass
        # The zygote is gone (a submission killed it): no child's exit will be reported by it.
        for future in self.exits.values():
            if not future.done():
                future.set_result(None)
        await self.replies.put({})

    def exit_of(self, pid):
        return self.exits.setdefault(pid, asyncio.get_running_loop().create_future())

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.returncode is None and not self.listening.done()

    async def fork(self, runner, libraries=()):
        """A new child, waiting for its scenario on stdin, or None if the zygote does not answer.
        The libraries a scenario needs are imported by the zygote first, before the child's clock."""
        pipes = [os.pipe() for _ in range(4)]  # stdin, stdout, stderr, trace
        theirs = [pipes[0][0], pipes[1][1], pipes[2][1], pipes[3][1]]
        # One fork at a time: each reply is the pid of the child that got this request's pipes.
        async with self.forking:
            request = {"libraries": list(libraries)}
            if not self.runner_sent:
                request["runner"] = runner
            try:
                socket.send_fds(self.sock, [json.dumps(request).encode()], theirs)
                self.runner_sent = True
                reply = await asyncio.wait_for(self.replies.get(), timeout=5)
            except (OSError, asyncio.TimeoutError):
                reply = {}
            finally:
                for fd in theirs:
                    os.close(fd)
        if "pid" not in reply:
            for fd in (pipes[0][1], pipes[1][0], pipes[2][0], pipes[3][0]):
                os.close(fd)
            return None
        return await ForkedChild.attach(self, reply["pid"], pipes)

    async def close(self):
        self.sock.close()
        if self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        await self.proc.wait()


class ForkedChild:
    """A child forked by the zygote, shaped like an asyncio subprocess for ScenarioRun."""

    @classmethod
    async def attach(cls, zygote, pid, pipes):
        self = cls()
        loop = asyncio.get_running_loop()
        self.pid, self.zygote, self.returncode, self.launcher_lost = pid, zygote, None, False
        self.exit = zygote.exit_of(pid)
        self.trace_r = pipes[3][0]
        self.stdout, self.stderr = asyncio.StreamReader(), asyncio.StreamReader()
        for reader, fd in ((self.stdout, pipes[1][0]), (self.stderr, pipes[2][0])):
            await loop.connect_read_pipe(lambda r=reader: asyncio.StreamReaderProtocol(r), os.fdopen(fd, "rb"))
        transport, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, os.fdopen(pipes[0][1], "wb"))
        self.stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return self

    async def wait(self):
        if self.returncode is None:
            code = await asyncio.shield(self.exit)
            if code is None:  # the zygote died first: wait for the orphan to go, its code unknown
                self.launcher_lost = True
                while os.path.exists(f"/proc/{self.pid}") and not zombie(self.pid):
                    await asyncio.sleep(0.01)
                code = -signal.SIGKILL
            self.returncode = code
        return self.returncode


class Family:
    """The harness's own processes: PID 1, the zygote and the children it forked (one per
    scenario). Anything else is a submission's stray."""

    def __init__(self, zygote):
        self.zygote = zygote
        self.replacing = asyncio.Lock()
        # The pids the zygote said it forked for a scenario: the census is by this ledger, never by
        # parentage, which a clone(CLONE_PARENT) helper shares with the children.
        self.children = set()

    def ours(self, pid):
        return pid in (1, os.getpid(), self.zygote.pid) or pid in self.children

    async def fork(self, runner, libraries):
        """A child for one scenario. A submission may have stopped or killed the zygote: then a
        new one is started (off every clock: no scenario of it is running yet), once."""
        child = await self.zygote.fork(runner, libraries) if self.zygote.alive() else None
        if child is None:
            async with self.replacing:
                if not self.zygote.alive() or (child := await self.zygote.fork(runner, libraries)) is None:
                    await self.zygote.close()
                    self.zygote = await Zygote.start()
                    child = await self.zygote.fork(runner, libraries)
        if child is None:
            raise RuntimeError("the zygote forks no child")
        self.children.add(child.pid)
        return child


def zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in "ZX"
    except (OSError, IndexError):
        return True


def make_undumpable():
    try:
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        sys.stderr.write(f"prctl failed: {exc}\n")


def kill_strays(family=None):
    """Kill every process of ours but PID 1 and the harness's own (the zygote and the children it
    forked), and reap them. Without a family, one kill(-1) does it at once; with one, passes over
    /proc until no live stray is left (a fork bomb is bounded by the pids limit), and returns the
    strays it found: a process that outlived its scenario's child is evidence however short-lived
    it was before (the sampler's census may have missed it)."""
    if family is None:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        while reap_finished() is not None:
            time.sleep(0.01)
        return set()
    found = set()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        live = [pid for pid in (int(p) for p in os.listdir("/proc") if p.isdigit())
                if not family.ours(pid) and not zombie(pid)]
        if not live:
            break
        found.update(live)
        for pid in live:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        reap_finished()
        time.sleep(0.002)
    reap_finished()
    return found


def reap_finished():
    """Reaps every child of ours that has ended; None once no child is left at all."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return None
        if pid == 0:
            return 0


def run_queue_wait(pid):
    """Seconds the process's main thread (`pid`, or "self") spent runnable but waiting for a CPU."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def container_cpu_stat():
    """(CPU seconds used by everything in this container, seconds it was throttled by its CPU
    quota), cgroup v2 or v1; either is None where it cannot be read."""
    usage = throttled = None
    for path, keys in (("/sys/fs/cgroup/cpu.stat", {"usage_usec": 1e6, "throttled_usec": 1e6}),
                       ("/sys/fs/cgroup/cpu/cpu.stat", {"throttled_time": 1e9})):
        try:
            with open(path) as f:
                values = dict(line.split()[:2] for line in f if line.strip())
        except (OSError, ValueError):
            continue
        if "usage_usec" in values:
            usage = int(values["usage_usec"]) / keys["usage_usec"]
        throttled_key = next((k for k in keys if k.startswith("throttled")), None)
        if throttled_key in values:
            throttled = int(values[throttled_key]) / keys[throttled_key]
        break
    if usage is None:
        try:
            with open("/sys/fs/cgroup/cpuacct/cpuacct.usage") as f:
                usage = int(f.read()) / 1e9
        except (OSError, ValueError):
            pass
    return usage, throttled


def container_cpu_seconds():
    """CPU time used by everything in this container (cgroup v1 or v2), or None."""
    return container_cpu_stat()[0]


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
    """How many processes the kernel's OOM killer has killed in this container (cgroup v1's
    memory.oom_control or v2's memory.events), else how often usage hit the limit, or None. The
    hit counter alone misses a kill when swap is capped too: then memsw's limit is the one hit."""
    for path in ("/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith("oom_kill "):
                        return int(line.split()[1])
        except (OSError, ValueError):
            continue
    for path in ("/sys/fs/cgroup/memory/memory.memsw.failcnt", "/sys/fs/cgroup/memory/memory.failcnt"):
        try:
            with open(path) as f:
                return int(f.read().strip() or 0)
        except (OSError, ValueError):
            continue
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
                agent = next((h.split(b":", 1)[1].strip().decode("latin-1")[:100]
                              for h in head.split(b"\r\n")[1:] if h.lower().startswith(b"user-agent:")), "")
                event = {"path": path[:300], "start": start, "end": None, "status": 200 if route else 404,
                         "in_flight": self.in_flight, "agent": agent,
                         "peer": writer.get_extra_info("peername")[1]}
                if len(self.events) < 2000:
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



class OpsServer:
    """Grader-supplied operations, served here, outside the student's process.

    The child's `query_db`, `process`, `legacy_fetch`, ... send one JSON line per call on a unix
    socket; the hidden delay and result of each call live only in this process. So how many calls
    were in flight, in which order and for how long is seen from outside, and a result the
    submission returns can only have come from a real call."""

    def __init__(self, table, path, mark=None):
        self.table = table
        self.path = path
        self.mark = mark  # read as each call is answered: the child's main thread's write calls (gVisor)
        self.calls = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.server = None

    async def start(self):
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        self.server = await asyncio.start_unix_server(self.handle, self.path, limit=1 << 16)

    async def handle(self, reader, writer):
        try:  # which process is calling: a forked grandchild is not the program being graded
            sock = writer.get_extra_info("socket")
            cred = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            peer = struct.unpack("3i", cred)[0]
            # gVisor (runsc) answers with the listener's pid, ours: who called is then unknown, and
            # only the process census (otherProcesses) tells a grandchild apart.
            peer = None if peer == os.getpid() else peer
        except (OSError, AttributeError):
            peer = None
        try:
            while len(self.calls) < 20000:
                raw = await reader.readline()
                if not raw:
                    break
                try:
                    request = json.loads(raw)
                    op, arg = str(request["op"]), request.get("arg")
                except (ValueError, KeyError, TypeError):
                    break
                entry = (self.table.get(op) or {}).get(json.dumps(arg) if not isinstance(arg, str) else arg)
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                call = {"op": op, "arg": arg, "start": time.monotonic(), "end": None,
                        "in_flight": self.in_flight, "known": entry is not None, "pid": peer}
                self.calls.append(call)
                try:
                    if entry is None:
                        reply = {"error": f"unknown {op}({arg!r})"}
                    else:
                        await asyncio.sleep(entry.get("delay", 0))
                        reply = {"error": entry["error"]} if "error" in entry else {"result": entry.get("result")}
                    if self.mark:
                        # Read as the answer goes out: the caller cannot have sent its next request
                        # yet, and its write of this one (before the delay) is surely counted.
                        call["mainWrites"] = self.mark()
                    writer.write(json.dumps(reply).encode() + b"\n")
                    await writer.drain()
                finally:
                    self.in_flight -= 1
                    call["end"] = time.monotonic()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def close(self):
        if self.server:
            self.server.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def report(self):
        return {"calls": self.calls[:5000], "max_in_flight": self.max_in_flight}


# Syscalls in which an idle event loop waits (epoll_wait, epoll_pwait, epoll_pwait2), and futex
# (a lock or the GIL). x86_64 numbers; elsewhere the sampler reports them unclassified.
SELECTOR_WAITS = {232, 281, 441}
FUTEX = 202
SOCKET_CALLS = {0, 1, 19, 20, 42, 43, 44, 45, 46, 47, 288}
SOCKET_READS = {0, 45, 47}  # read, recvfrom, recvmsg: a thread waiting for an answer


class ThreadSampler:
    """Watches the child's threads from outside: every few ms, each thread's state, CPU time,
    run-queue wait and current syscall from /proc. The child cannot rewrite what this sees."""

    def __init__(self, pid, family=None, period=None):
        self.pid = pid
        self.family = family  # the harness's own processes: the zygote, sibling scenarios' children
        # gVisor answers each /proc read slowly (about 3 ms a sample): every 4 ms, the sampling took
        # most of this loop, and the grader's operations the child waits on were answered 50-100 ms
        # late, which failed the references' time bounds. There it sees only CPU-busy stretches,
        # which a coarser period still catches.
        self.period = period or (0.012 if self.stat_only else 0.004)
        self.max_gap = max(0.03, 3 * self.period)
        self.samples = 0
        self.unreadable_at = []
        self.other_pids = set()  # processes besides PID 1 and the child: not watched, so suspect
        self.socket_waits = []  # (t, tid) of threads besides the main one waiting on a unix socket
        self.slices = {}  # tid -> times it was scheduled in so far (schedstat's third field)
        self.threads_max = 0
        self.threads = {}  # tid -> its current run of samples found running or blocked
        self.held = []
        self.socket_calls = []  # (t, tid, kind) of non-main threads seen in a socket call
        self.first = {}
        self.last = {}
        self.main_trail = []  # (t, wait) of the main thread at each sample: its wait up to a moment
        # The loop's own epoll descriptor, from the runner's first record (written before the
        # submission is imported), and when the scenario's call began: from then on the main thread
        # waits idle only there. Before, or without it, an epoll set with nothing registered is no loop.
        self.loop_epfd = None
        self.begun = None
        self.epoll_targets = {}  # epfd -> (when read, descriptors registered)
        # The load discount is for what other processes caused. Each thread's run-queue wait, as the
        # checks see it, is its wait less what the container's own use explains (see `own_load`).
        self.net_wait = {}  # tid -> wait not explained by the container's own use, so far
        self.nice = {}  # tid -> its nice value: a thread that lowered its priority gets no discount
        self.load_before = None  # (t, container CPU less PID 1's, throttled, {tid: (cpu, raw wait)})

    # gVisor (runsc) gives each thread's stat (state, CPU in clock ticks) but no schedstat and no
    # syscall file: there a sleeping thread's call is unknown, so it is never judged blocked, only
    # running (state R, CPU rising) is seen, and a worker thread asleep stands for one waiting on a
    # grader operation. The report says which view it had.
    TICK = 1 / os.sysconf("SC_CLK_TCK")
    stat_only = not os.path.exists("/proc/self/schedstat")

    def read(self, tid):
        base = f"/proc/{self.pid}/task/{tid}/"
        with open(base + "stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        state = fields[0]
        if self.stat_only:
            cpu = (int(fields[11]) + int(fields[12])) * self.TICK
            return state, cpu, 0.0, ["exited"] if state in "ZX" else ["running"] if state == "R" else ["asleep"]
        self.nice[tid] = int(fields[16])
        with open(base + "schedstat") as f:
            cpu, wait, slices = (int(x) for x in f.read().split()[:3])
        cpu, wait = cpu / 1e9, wait / 1e9
        self.slices[tid] = slices
        if state in "ZX":
            return state, cpu, wait, ["exited"]
        try:
            with open(base + "syscall") as f:
                fields = f.read().split()
        except PermissionError:
            with open(base + "stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] in "ZX":
                    return state, cpu, wait, ["exited"]
            fields = None  # the child made itself unwatchable: absent evidence, never a pass
        return state, cpu, wait, fields

    def main_writes(self):
        """The child's main thread's write calls so far (its /proc io), or None. Under gVisor no
        thread's system call is visible, but this count is: a beat answered with no write by the
        main thread since the beat before was answered was not sent by it."""
        try:
            with open(f"/proc/{self.pid}/task/{self.pid}/io") as f:
                return next(int(line.split()[1]) for line in f if line.startswith("syscw:"))
        except (OSError, ValueError, IndexError, StopIteration):
            return None

    def loop_wait(self, fields):
        """Whether the main thread's epoll_wait is its event loop waiting: on the loop's descriptor
        once the call began, else on an epoll set that watches something (an asyncio loop always
        watches its self-pipe). Blocking in an empty or foreign epoll set is blocking."""
        try:
            epfd = int(fields[1], 16)
        except (IndexError, ValueError):
            return True
        if self.loop_epfd is not None and self.begun is not None:
            return epfd == self.loop_epfd
        now = time.monotonic()
        seen = self.epoll_targets.get(epfd)
        if seen is None or now - seen[0] > 0.1:
            try:
                with open(f"/proc/{self.pid}/fdinfo/{epfd}") as f:
                    seen = (now, sum(1 for line in f if line.startswith("tfd:")))
            except OSError:
                seen = (now, 1)  # closed in between: nothing to judge
            self.epoll_targets[epfd] = seen
        return seen[1] > 0

    def fd_kind(self, fd):
        try:
            link = os.readlink(f"/proc/{self.pid}/fd/{fd}")
        except OSError:
            return None
        if not link.startswith("socket:["):
            return "file"
        inode = link[8:-1]
        try:
            with open(f"/proc/{self.pid}/net/tcp") as f:
                if any(line.split()[9] == inode for line in f.readlines()[1:]):
                    return "tcp"
        except (OSError, IndexError):
            pass
        return "socket"

    def sample(self):
        now = time.monotonic()
        try:
            tids = [int(t) for t in os.listdir(f"/proc/{self.pid}/task")]
        except OSError:
            return False
        self.samples += 1
        self.threads_max = max(self.threads_max, len(tids))
        if self.samples % 4 == 1:
            self.other_pids.update(p for p in os.listdir("/proc")
                                   if p.isdigit() and int(p) not in (1, self.pid, os.getpid())
                                   and not (self.family and self.family.ours(int(p))))
        seen = {}
        for tid in tids:
            try:
                seen[tid] = self.read(tid)
            except (OSError, ValueError, IndexError):
                continue
        if not self.stat_only:
            seen = self.own_load(now, seen)
        runnable_sibling = any(st[0] == "R" for t, st in seen.items() if t != self.pid)
        for tid, (state, cpu, wait, fields) in seen.items():
            # The child came from a fork with one thread: any other was born in this scenario, so all
            # of its CPU counts, also what it spent before a late first sample (a loaded machine).
            self.first.setdefault(tid, (now, cpu, wait) if tid == self.pid else (now, 0.0, 0.0))
            self.last[tid] = (now, cpu, wait)
            if tid == self.pid:
                self.main_trail.append((now, wait))
            if fields is None:
                self.unreadable_at.append(now)
                kind, nr = "unknown", None
            elif fields[0] == "exited":
                kind, nr = "idle", None
            elif fields[0] == "asleep":
                kind, nr = "idle", None
                if tid != self.pid and len(self.socket_waits) < 20000:
                    # No syscall file: a worker thread asleep is all there is to say who waited.
                    self.socket_waits.append((now, tid))
            elif fields[0] == "running" or state == "R":
                kind, nr = "running", None
            else:
                nr = int(fields[0])
                if nr in SELECTOR_WAITS:
                    kind = "idle" if tid != self.pid or self.loop_wait(fields) else "blocked"
                elif nr < 0:
                    # Blocked in the kernel outside any system call: a page fault waiting for the
                    # disk on a machine short of memory. The machine's doing, never the student's.
                    kind = "idle"
                elif nr == FUTEX and runnable_sibling:
                    kind = "idle"  # waiting for the GIL while another thread runs: nobody's fault
                else:
                    kind = "blocked"
                if tid != self.pid and nr in SOCKET_CALLS and len(fields) > 1:
                    fd_kind = self.fd_kind(int(fields[1], 16))
                    if fd_kind == "tcp" and len(self.socket_calls) < 1000:
                        self.socket_calls.append({"t": now, "tid": tid, "syscall": nr})
                    elif fd_kind == "socket" and nr in SOCKET_READS and len(self.socket_waits) < 20000:
                        self.socket_waits.append((now, tid))
            self.track(tid, now, kind, nr, cpu, wait)
        return True

    CORES = len(os.sched_getaffinity(0))

    def own_load(self, now, seen):
        """Replaces each thread's run-queue wait by the part of it that the container's own use does
        not explain, so that load the submission makes never counts as the machine's. Between two
        samples, a thread's wait is the submission's doing up to: the time the container was
        throttled (its CPU quota spent: only its processes spend it), plus the CPU everything else
        in it used (its other threads, sibling scenarios; never PID 1's own) beyond what the other
        CPUs could hold. A thread that lowered its own priority (nice) gets no discount at all."""
        usage, throttled = container_cpu_stat()
        mine = time.process_time()
        others_total = None if usage is None else usage - mine
        before = self.load_before
        out = {}
        for tid, (state, cpu, wait, fields) in seen.items():
            last = before[3].get(tid) if before else None
            if last is None or before[1] is None or others_total is None:
                net = self.net_wait.get(tid, wait)  # first sight (or no cgroup): as read
            else:
                span = max(0.0, now - before[0])
                waited = max(0.0, wait - last[1])
                rest = max(0.0, (others_total - before[1]) - (cpu - last[0]))
                own = max(0.0, rest - (self.CORES - 1) * span)
                if throttled is not None and before[2] is not None:
                    own += max(0.0, throttled - before[2])
                if self.nice.get(tid, 0) > 0:
                    own = waited
                net = self.net_wait.get(tid, 0.0) + max(0.0, waited - own)
            self.net_wait[tid] = net
            out[tid] = (state, cpu, net, fields)
        self.load_before = (now, others_total, throttled, {tid: (st[1], st[2]) for tid, st in seen.items()})
        return out

    # A run is only what was watched closely: a gap between two samples longer than `max_gap` (this
    # process was starved of CPU) ends it, so that time nobody saw is never charged as "blocked".

    def track(self, tid, now, kind, nr, cpu, wait):
        run = self.threads.get(tid)
        slices = self.slices.get(tid)
        # ... unless the thread never ran in between: then it slept through the gap in one call.
        slept_through = kind == "blocked" and run is not None and run["kind"] == "blocked" and run["slices"] == slices
        if run is not None and now - run["end"] > self.max_gap and not slept_through:
            self.close_run(tid, run, run["end"])
            run = None
        if kind in ("running", "blocked"):
            if run is None:
                self.threads[tid] = {"start": now, "cpu": cpu, "wait": wait, "syscalls": {}, "blocked": 0.0}
                run = self.threads[tid]
            elif kind == "blocked" and run["kind"] == "blocked":
                # Blocked time is only what lies between two samples that both found the thread asleep
                # in a call that is not the loop's poll: a runnable thread held back by the machine
                # (or by the container's CPU quota) is never counted as blocked.
                run["blocked"] += max(0.0, (now - run["end"]) - (cpu - run["cpu_end"]) - (wait - run["wait_end"]))
            if nr is not None:
                run["syscalls"][nr] = run["syscalls"].get(nr, 0) + 1
            run["end"], run["cpu_end"], run["wait_end"] = now, cpu, wait
            run["kind"], run["slices"] = kind, slices
        elif run is not None:
            self.close_run(tid, run, now)

    def close_run(self, tid, run, now):
        del self.threads[tid]
        end = run["end"] + min(now - run["end"], self.period)
        wall = end - run["start"]
        if wall < 0.03 or len(self.held) >= 500:
            return
        cpu = run["cpu_end"] - run["cpu"]
        if self.stat_only:  # counted in whole clock ticks: one less is what surely ran in the run
            cpu = max(0.0, cpu - self.TICK)
        wait = run["wait_end"] - run["wait"]
        syscall = max(run["syscalls"], key=run["syscalls"].get) if run["syscalls"] else None
        self.held.append({"tid": tid, "main": tid == self.pid, "start": run["start"], "end": end,
                          "cpu": round(cpu, 4), "wait": round(wait, 4), "blocked": round(run["blocked"], 4),
                          "syscall": syscall})

    def split(self, now):
        """The scenario's call begins: every run so far ends here, so that what the harness and the
        import of the file did before (their CPU, on a loaded machine their waits) is never judged
        as the call's."""
        for tid, run in list(self.threads.items()):
            self.close_run(tid, run, now)

    async def watch(self, proc):
        while proc.returncode is None:
            if not self.sample():
                break
            await asyncio.sleep(self.period)

    def waiting_during(self, start, end):
        """Threads besides the main one seen waiting for an answer on a unix socket (the grader's
        blocking operations) between two moments: who really made a blocking call. The sightings
        are in time order, so each question costs a bisection, not a scan."""
        lo = bisect.bisect_left(self.socket_waits, (start, -1))
        hi = bisect.bisect_right(self.socket_waits, (end, float("inf")))
        return sorted({tid for _, tid in self.socket_waits[lo:hi]})[:16]

    def report(self, end, returned):
        for tid, run in list(self.threads.items()):
            self.close_run(tid, run, end)
        main_first, main_last = self.first.get(self.pid), self.last.get(self.pid)
        # The wait up to the return, not up to the exit: a child waiting for a CPU to exit after
        # it returned has not been slowed in anything the checks time.
        # And from the call's beginning, where the checks' times count from: the child's start is the
        # harness's, neither the student's to be charged nor the machine's to excuse.
        until = bisect.bisect_right(self.main_trail, (returned if returned is not None else end, float("inf")))
        since = bisect.bisect_right(self.main_trail, (self.begun, float("inf"))) if self.begun is not None else 0
        base = self.main_trail[since - 1][1] if since else (main_first[2] if main_first else 0.0)
        main_wait = max(0.0, self.main_trail[until - 1][1] - base) if main_first and until else None
        totals = {"cpu": 0.0, "wait": 0.0}
        for tid, (t0, c0, w0) in self.first.items():
            t1, c1, w1 = self.last[tid]
            totals["cpu"] += c1 - c0
            totals["wait"] += w1 - w0
        # A process that is exiting (its final record written, perhaps not yet read) cannot be
        # read for a moment: only what lasted, well before that, counts.
        unreadable = sum(1 for t in self.unreadable_at if t < (returned or end) - 0.05)
        return {
            "samples": self.samples,
            "unreadable": unreadable if unreadable >= 2 else 0,
            "threadsMax": self.threads_max,
            "otherProcesses": len(self.other_pids),
            # Stretches of the call only: those that ended by its beginning were the harness's start.
            "held": [h for h in self.held if self.begun is None or h["end"] > self.begun],
            "socketCalls": self.socket_calls,
            "mainCpu": (main_last[1] - main_first[1]) if main_first else None,
            "mainWait": main_wait,
            "cpu": totals["cpu"],
            "wait": totals["wait"],
            "view": "stat" if self.stat_only else "syscalls",
        }


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
        self.returned = None
        self.begun = None
        self.exited = None
        self.trace_bytes = 0
        self.integrity = []
        self.limit = None
        self.proc = None
        self.sampler = None
        self.started = None
        # Runs only (the payload's "live", never a grading's): the lines streamed so far, and their bytes.
        self.live = payload.get("live")
        self.live_lines = 0
        self.live_bytes = 0

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
            for raw in complete:
                self.lines.append({"t": now, "text": raw.decode("utf-8", "replace").rstrip(), "lag": lag})
            if self.live and complete:
                self.stream_live(len(complete), now)
        if pending and self.limit != "output":
            self.lines.append({"t": time.monotonic(), "text": pending.decode("utf-8", "replace").rstrip(),
                               "partial": True})

    def stream_live(self, count, now):
        """A run's newest `count` lines, each as its own JSON line on PID 1's stdout the moment it is
        read, before the report: `{"nonce", "live": {scenario, t, text}}`, `t` since the scenario's
        start by this clock. Only PID 1 holds that stdout (the zygote gets /dev/null, each child its
        own pipes), and the nonce never reaches the child, so no line of the student's can pass for
        one of these: what it prints is only ever a `text`. Capped in lines and bytes; the output
        limit already caps what is read, and the report, written last, stays the whole truth."""
        out = []
        for line in self.lines[len(self.lines) - count:]:
            if self.live_lines >= self.live["lines"]:
                break
            record = json.dumps({"nonce": self.payload["nonce"],
                                 "live": {"scenario": self.scenario["id"], "t": now - self.started,
                                          "text": line["text"]}}).encode() + b"\n"
            if self.live_bytes + len(record) > self.live["bytes"]:
                self.live_lines = self.live["lines"]  # past the byte cap nothing more is streamed
                break
            self.live_lines += 1
            self.live_bytes += len(record)
            out.append(record)
        data = b"".join(out)
        while data:  # a blocking pipe: a short write (a signal) leaves the rest to write
            data = data[os.write(1, data):]

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
        """Trace records, as untrusted as anything the child writes: only the first `final` counts,
        a record after it or a second one is a sign of tampering, and every record is capped."""
        cap, byte_cap = self.limits["traceRecords"], self.limits["traceBytes"]
        while True:
            try:
                line = await stream.readline()
            except (ValueError, asyncio.LimitOverrunError):
                self.flag("a trace record longer than the harness ever writes")
                continue
            if not line:
                break
            self.trace_bytes += len(line)
            if self.trace_bytes > byte_cap:
                self.flag("more trace data than the harness ever writes")
                continue  # keep draining, so that the child never blocks on a full pipe
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict) or not isinstance(record.get("kind"), str):
                self.flag("a trace record that is not the harness's")
                continue
            if self.final is not None:
                self.flag("a trace record after the run's final record")
                continue
            if record["kind"] == "final":
                self.final = record
                self.returned = time.monotonic()
                continue
            if record["kind"] == "refused":
                # The runner's guard refused a call of the submission's: a claim against itself, which
                # no submission makes to pass. The run is flagged whatever follows.
                where = f" on line {record['line']}" if isinstance(record.get("line"), int) else ""
                self.flag(f"your code tried {str(record.get('event'))[:40]} ({str(record.get('detail'))[:80]})"
                          f"{where}, which the grading sandbox refuses")
                continue
            if record["kind"] == "loop" and self.record_count == 0 and self.sampler is not None:
                # The first record of all, written before the submission was imported: the runner's.
                if isinstance(record.get("epfd"), int):
                    self.sampler.loop_epfd = record["epfd"]
            if record["kind"] == "begin" and self.begun is None:
                self.begun = time.monotonic()
                if self.sampler is not None:
                    self.sampler.begun = self.begun
                    self.sampler.split(self.begun)
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

    async def run(self, child, fixtures, family):
        self.prepare()
        self.proc = child
        ops = None
        sampler = self.sampler = ThreadSampler(self.proc.pid, family)
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
        return await ScenarioRun(payload, scenario, index).run(child, fixtures, family)
    finally:
        if fixtures:
            fixtures.server.close()


# After the report: see main().
REPORT_LINGER_S = 1.0
# PID 1's first line on stderr once it is ready for its payload (grader/sandbox/container.ts).
BOOTED = b"booted\n"


async def main():
    family = Family(await Zygote.start())
    # Started: the zygote has imported what every child needs. The worker's pool hands out only
    # containers that said so (their start costs no grading any CPU).
    os.write(2, BOOTED)
    payload = json.loads(await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read))
    scenarios = payload["scenarios"]
    if payload.get("sideBySide"):
        # Scenarios that only wait run at once, each in its own child: the longest sets the time.
        # Every child is forked before any starts, so that none starts late behind the others' forks.
        children = [await family.fork(payload["runner"], libraries_for(scenarios)) for _ in scenarios]
        results = await asyncio.gather(
            *(run_scenario(payload, s, i, family, c) for i, (s, c) in enumerate(zip(scenarios, children))))
    else:
        results = [await run_scenario(payload, s, i, family) for i, s in enumerate(scenarios)]
    report = {"nonce": payload["nonce"], "scenarios": list(results)}
    os.write(1, json.dumps(report).encode() + b"\n")
    # PID 1's exit tears the container down: work for the engine on the worker's cores, just as the
    # worker stores this verdict and tells the student (on 2 cores it cost the verdict ~20 ms). So
    # stay, with nothing else left running, until the worker removes the container a moment later,
    # or for REPORT_LINGER_S when nothing does.
    kill_strays()
    time.sleep(REPORT_LINGER_S)


if __name__ == "__main__" or __name__ == "__supervisor__":
    # As PID 1 the kernel only delivers signals we handle: ignore the ones Python would handle.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_IGN)
    make_undumpable()
    os.umask(0o077)
    asyncio.run(main())
