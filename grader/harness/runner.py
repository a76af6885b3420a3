"""Grading runner: the child interpreter that imports the submission and runs one scenario.

It instruments asyncio before the submission is imported, so that every awaited sleep, every
line printed, every event-loop step that held the loop, and every blocking call on the loop's
thread is recorded on the trace descriptor with the task that did it. The records are evidence
for the host's checks; the verdict is never decided here. Runs with PAYLOAD in its globals.
"""
import asyncio
import builtins
import importlib.util
import json
import os
import socket
import sys
import threading
import time
import traceback

P = PAYLOAD  # noqa: F821 - injected by the supervisor's boot code
del PAYLOAD  # noqa: F821
SCENARIO = P["scenario"]
WORKDIR = P["workdir"]
SOLUTION_PATH = os.path.join(WORKDIR, "solution.py")
BLOCK_THRESHOLD = 0.05

# If the sandbox runs out of memory, the kernel should kill this process, never the supervisor.
with open("/proc/self/oom_score_adj", "w") as _f:
    _f.write("1000")

# Keep our own handle on the trace pipe under another number and drop the one in the payload.
_trace_fd = os.dup(P["trace_fd"])
os.close(P["trace_fd"])
_write = os.write
_monotonic = time.monotonic
_get_running_loop = asyncio.events._get_running_loop
_current_task = asyncio.current_task
_trace_lock = threading.Lock()
_counters = {"sleep0": 0, "records": 0}
MAX_RECORDS = 20000


def emit(kind, **data):
    data["kind"] = kind
    line = (json.dumps(data, default=repr) + "\n").encode()
    with _trace_lock:
        if kind != "final":
            _counters["records"] += 1
            if _counters["records"] > MAX_RECORDS:
                return
        _write(_trace_fd, line)


def _task():
    try:
        return _current_task() if _get_running_loop() else None
    except RuntimeError:
        return None


def task_name():
    task = _task()
    return task.get_name() if task else None


def task_coro():
    """The name of the coroutine a task was created for: its row in the student's timeline.
    None for the harness's own main task, whose rows are named for the student's function."""
    task = _task()
    coro = task.get_coro() if task else None
    if coro is None or getattr(coro, "cr_code", None) is measured.__code__:
        return None
    return getattr(coro, "__qualname__", None)


def caller_name(depth=2):
    """The nearest function outside this harness: the student's (or a driver's) coroutine."""
    frame = sys._getframe(depth)
    while frame and frame.f_code.co_filename == "<harness>":
        frame = frame.f_back
    return frame.f_code.co_name if frame else None


def on_loop_thread():
    return _get_running_loop() is not None


# --- awaited operations -------------------------------------------------------------------------
_orig_sleep = asyncio.sleep


async def traced_sleep(delay, result=None):
    if delay <= 0:
        _counters["sleep0"] += 1
        return await _orig_sleep(delay, result)
    span = {"op": "sleep", "arg": delay, "task": task_name(), "coro": task_coro(), "fn": caller_name(),
            "start": _monotonic()}
    try:
        return await _orig_sleep(delay, result)
    except asyncio.CancelledError:
        span["cancelled"] = True
        raise
    finally:
        span["end"] = _monotonic()
        emit("span", **span)


asyncio.sleep = traced_sleep
asyncio.tasks.sleep = traced_sleep


class Span:
    """Context manager drivers use around grader-supplied operations (queries, fetches)."""

    def __init__(self, op, arg=None):
        self.data = {"op": op, "arg": arg}

    def __enter__(self):
        self.data.update(task=task_name(), coro=task_coro(), fn=caller_name(), start=_monotonic(),
                         thread=threading.get_ident() == MAIN_THREAD)
        return self

    def __exit__(self, exc_type, exc, tb):
        self.data["end"] = _monotonic()
        if exc_type is asyncio.CancelledError:
            self.data["cancelled"] = True
        emit("span", **self.data)
        return False


MAIN_THREAD = threading.get_ident()

# --- event-loop steps that held the loop ---------------------------------------------------------


def _schedstat():
    """(cpu ns, run-queue wait ns) of this thread: wall minus both is time spent blocked."""
    try:
        fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        try:
            cpu, wait, _ = os.read(fd, 100).split()
        finally:
            os.close(fd)
        return int(cpu), int(wait)
    except OSError:
        return 0, 0


def _describe(handle):
    cb = handle._callback
    owner = getattr(cb, "__self__", None)
    if isinstance(owner, asyncio.Task):
        coro = owner.get_coro()
        return owner.get_name(), getattr(coro, "__qualname__", repr(coro))
    return None, getattr(cb, "__qualname__", repr(cb))


_orig_handle_run = asyncio.events.Handle._run


def traced_handle_run(self):
    start = _monotonic()
    cpu0, wait0 = _schedstat()
    try:
        return _orig_handle_run(self)
    finally:
        wall = _monotonic() - start
        if wall > BLOCK_THRESHOLD:
            cpu1, wait1 = _schedstat()
            cpu, wait = (cpu1 - cpu0) / 1e9, (wait1 - wait0) / 1e9
            task, what = _describe(self)
            emit("loop-step", start=start, wall=wall, cpu=cpu, wait=wait,
                 blocked=max(0.0, wall - cpu - wait), task=task, what=what)


asyncio.events.Handle._run = traced_handle_run

# --- blocking calls on the loop's thread ---------------------------------------------------------
_orig_time_sleep = time.sleep


def traced_time_sleep(seconds):
    if on_loop_thread():
        emit("blocking", call="time.sleep", arg=seconds, task=task_name(), fn=caller_name(), t=_monotonic())
    return _orig_time_sleep(seconds)


time.sleep = traced_time_sleep
_orig_open = builtins.open


def traced_open(file, *args, **kwargs):
    if on_loop_thread():
        emit("blocking", call="open", arg=str(file), task=task_name(), fn=caller_name(), t=_monotonic())
    return _orig_open(file, *args, **kwargs)


builtins.open = traced_open

# --- printed lines, with the task that printed them ----------------------------------------------


_stdout_lock = threading.RLock()


class TracedStdout:
    def __init__(self, real):
        self._real = real
        self._pending = ""

    def write(self, text):
        text = str(text)
        # One lock around the record and the real write: threads printing at once must reach the
        # pipe in the order they are recorded, or honest code would look like tampering.
        with _stdout_lock:
            self._pending += text
            while "\n" in self._pending:
                line, self._pending = self._pending.split("\n", 1)
                emit("line", text=line.rstrip(), task=task_name(), coro=task_coro(), fn=caller_name(), t=_monotonic())
            return self._real.write(text)

    def flush(self):
        return self._real.flush()

    def __getattr__(self, name):
        return getattr(self._real, name)


sys.stdout = sys.__stdout__ = TracedStdout(sys.stdout)


# --- running the scenario -----------------------------------------------------------------------
def jsonable(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        if isinstance(value, (list, tuple)):
            return [jsonable(v) for v in value]
        if isinstance(value, dict):
            return {str(k): jsonable(v) for k, v in value.items()}
        return {"repr": repr(value)[:500], "type": type(value).__name__}


def student_traceback(exc):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SOLUTION_PATH]
    return [{"line": f.lineno, "fn": f.name, "code": f.line} for f in frames][-5:]


def describe_error(exc, phase):
    info = {"phase": phase, "type": type(exc).__name__, "message": str(exc)[:500],
            "trace": student_traceback(exc)}
    if isinstance(exc, SyntaxError):
        info["line"] = exc.lineno
        info["code"] = (exc.text or "").strip()
    return info


def load_solution():
    spec = importlib.util.spec_from_file_location("solution", SOLUTION_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["solution"] = module
    spec.loader.exec_module(module)
    return module


def pause(seconds):
    """Wait on the loop without asyncio.sleep: the grader's own waiting leaves no span."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    handle = loop.call_later(seconds, lambda: fut.done() or fut.set_result(None))
    fut.add_done_callback(lambda _: handle.cancel())
    return fut


async def heartbeat(interval=0.01):
    """Tick every `interval`, recording how late each tick was and how much of that lateness
    the machine's load explains (time this thread waited for a CPU)."""
    while True:
        wait0 = _schedstat()[1]
        due = _monotonic() + interval
        await pause(interval)
        now = _monotonic()
        emit("heartbeat", t=now, lag=max(0.0, now - due), wait=(_schedstat()[1] - wait0) / 1e9)


class OpError(Exception):
    """A grader-supplied operation the supervisor refused (an unknown name or argument)."""


def _op_request(name, arg):
    return (json.dumps({"op": name, "arg": arg}) + "\n").encode()


def _op_reply(raw):
    reply = json.loads(raw)
    if "error" in reply:
        raise OpError(reply["error"])
    return reply.get("result")


async def op(name, arg=None):
    """A grader-supplied coroutine served by the supervisor: it waits there, outside this process,
    for the hidden delay of (name, arg) and answers with the hidden result."""
    reader, writer = await asyncio.open_unix_connection(P["ops_path"])
    try:
        # write(2), not send(2): gVisor counts a thread's write calls (/proc/<pid>/task/<tid>/io),
        # so PID 1 sees that the thread running this loop sent the request (`mainWrites`).
        request = _op_request(name, arg)
        try:
            sent = _write(writer.get_extra_info("socket").fileno(), request)
        except BlockingIOError:
            sent = 0
        writer.write(request[sent:])
        await writer.drain()
        raw = await reader.readline()
    finally:
        writer.close()
    if not raw:
        raise OpError(f"the grader's service did not answer {name}({arg!r})")
    return _op_reply(raw)


def op_blocking(name, arg=None):
    """The same operation as a blocking call: the calling thread waits in the supervisor's
    socket, where the sampler sees which thread it was."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(P["ops_path"])
        request = _op_request(name, arg)
        while request:  # write(2), as `op` sends: gVisor counts it for the calling thread
            request = request[_write(sock.fileno(), request):]
        raw = b""
        while not raw.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                raise OpError(f"the grader's service did not answer {name}({arg!r})")
            raw += chunk
    return _op_reply(raw)


class Harness:
    """What drivers get: the scenario's arguments, spans, untraced waits, a heartbeat, fixture
    addresses, and grader-supplied operations served outside this process (`op`, `op_blocking`)."""
    Span = Span
    emit = staticmethod(emit)
    now = staticmethod(_monotonic)
    pause = staticmethod(pause)
    heartbeat = staticmethod(heartbeat)
    http_base = P["http_base"]
    files_dir = os.path.join(WORKDIR, "files")
    counters = _counters
    op = staticmethod(op)
    op_blocking = staticmethod(op_blocking)
    # Taken before the submission was imported: code that replaces asyncio.current_task later
    # does not change which task the grader sees.
    current_task = staticmethod(_current_task)
    OpError = OpError

    def __init__(self, args):
        self.args = args


def substitute(value):
    if isinstance(value, str):
        return value.replace("$BASE", P["http_base"]).replace("$FILES", Harness.files_dir)
    if isinstance(value, list):
        return [substitute(v) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v) for k, v in value.items()}
    return value


def pending_tasks():
    me = _current_task()
    return [{"name": t.get_name(), "coro": getattr(t.get_coro(), "__qualname__", "?")}
            for t in asyncio.all_tasks() if t is not me and not t.done()]


async def call_entry(sol, args, h):
    fn = getattr(sol, SCENARIO["fn"])
    return await fn(*args.get("args", []), **args.get("kwargs", {}))


async def measured(entry, sol, args, h):
    _, wait0 = _schedstat()
    # "begin" once the loop runs: its creation (slow under gVisor) is the harness's, not the student's.
    emit("begin", t=_monotonic())
    start = _monotonic()
    value = await entry(sol, args, h)
    end = _monotonic()
    _, wait1 = _schedstat()
    # Time the loop's thread waited for a CPU: the machine's load, which checks may discount.
    return {"value": jsonable(value), "start": start, "end": end, "cpuWait": (wait1 - wait0) / 1e9,
            "pending": pending_tasks()}


def run_scenario():
    final = {"ok": False}
    try:
        try:
            if SCENARIO.get("script"):
                import runpy
                emit("begin", t=_monotonic())
                start = _monotonic()
                try:
                    runpy.run_path(SOLUTION_PATH, run_name="__main__")
                except SystemExit as exc:
                    if exc.code not in (None, 0):
                        raise
                final.update(ok=True, start=start, end=_monotonic())
                return final
            sol = load_solution()
        except BaseException as exc:  # noqa: BLE001 - everything the submission raises is evidence
            final["error"] = describe_error(exc, "script" if SCENARIO.get("script") else "import")
            return final
        missing = [name for name in SCENARIO.get("requires", []) if not callable(getattr(sol, name, None))]
        if missing:
            final["error"] = {"phase": "missing", "names": missing}
            return final
        not_async = [name for name in SCENARIO.get("coroutines", [])
                     if not asyncio.iscoroutinefunction(getattr(sol, name))]
        if not_async:
            final["error"] = {"phase": "not-async", "names": not_async}
            return final
        driver = {"__name__": "driver", "asyncio": asyncio}
        if P["driver"]:
            exec(compile(P["driver"], "<harness>", "exec"), driver)
        entry_name = SCENARIO.get("entry", "call")
        entry = call_entry if entry_name == "call" else driver[entry_name]
        args = substitute(SCENARIO.get("args", {}))
        h = Harness(args)
        try:
            if asyncio.iscoroutinefunction(entry):
                final.update(asyncio.run(measured(entry, sol, args, h)))
            else:
                emit("begin", t=_monotonic())
                start = _monotonic()
                value = entry(sol, args, h)
                final.update(value=jsonable(value), start=start, end=_monotonic())
            final["ok"] = True
        except BaseException as exc:  # noqa: BLE001
            final["error"] = describe_error(exc, "run")
        return final
    finally:
        final["sleep0"] = _counters["sleep0"]
        final["records"] = _counters["records"]
        final["threads"] = [t.name for t in threading.enumerate() if t.ident != MAIN_THREAD and t.is_alive()]
        try:
            sys.stdout.flush()
        except Exception:  # noqa: BLE001
            pass
        emit("final", **final)
        os._exit(0)


run_scenario()
