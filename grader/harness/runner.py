"""Grading runner: the child interpreter that imports the submission and runs one scenario.

It instruments asyncio before the submission is imported, so that every awaited sleep, every
line printed, every event-loop step that held the loop, and every blocking call on the loop's
thread is recorded on the trace descriptor with the task that did it. The records are evidence
for the host's checks; the verdict is never decided here. Runs with PAYLOAD in its globals.
"""
import asyncio
import builtins
import gc
import importlib.util
import json
import os
import socket
import sys
import threading
import time
import traceback
import types

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
# Every name the harness calls while the submission runs is taken here, before the submission is
# imported: rebinding asyncio.current_task, asyncio.tasks._current_tasks, asyncio.open_unix_connection
# or socket.socket later changes nothing the grader does.
_open_unix_connection = asyncio.open_unix_connection
_socket_class = socket.socket
_trace_lock = threading.Lock()
_counters = {"sleep0": 0, "records": 0}
# The runner stops writing here, far beyond PID 1's cap (5000), so that a flood cannot fill the
# pipe's reader. A submission can reach the count and silence later records, as a flood of its own
# would: the absence of a record never passes a check.
MAX_RECORDS = 20000


# --- the loop's tasks ---------------------------------------------------------------------------
# The functions behind the run's result (the tasks left running, the final record) hold what they
# call in their defaults, not in this module's globals, which a frame reaches and the submission can
# rebind (the final record's pending list was emptied that way); replacing __defaults__ is refused.
# The dict and the weak set are asyncio's own (the C accelerator's), which asyncio keeps up to date.
_CURRENT_TASKS = asyncio.tasks._current_tasks
_ALL_TASKS = asyncio.tasks._all_tasks
_CTask, _PyTask = asyncio.Task, asyncio.tasks._PyTask


def _task_kind(cls, _subclass=issubclass, _kinds=(_CTask, _PyTask)):
    """0 or 1 for a class derived from asyncio's C Task or its pure-Python one (judged by the
    object's type, which no object can fake), else None. Builtins are defaults too: the submission
    can rebind a name in the builtins module."""
    for i in (0, 1):
        if _subclass(cls, _kinds[i]):
            return i
    return None


def _task_method(name):
    """A task's method as the C Task or the pure-Python one defines it, by _task_kind: a subclass the
    submission writes may override done() or get_loop() to lie, never asyncio's own classes."""
    return (getattr(_CTask, name), getattr(_PyTask, name))


def _current_task(_running=_get_running_loop, _tasks=_CURRENT_TASKS):
    loop = _running()
    return _tasks.get(loop) if loop is not None else None


def _task_classes(_subclasses=type.__subclasses__, _roots=(_CTask, _PyTask), _id=id, _list=list):
    """The ids of asyncio's two task classes and of every class derived from them, as the classes
    record it (ids: a metaclass of the submission's may define any __hash__ and __eq__)."""
    found, todo = {_id(c) for c in _roots}, _list(_roots)
    while todo:
        for cls in _subclasses(todo.pop()):
            if _id(cls) not in found:
                found.add(_id(cls))
                todo.append(cls)
    return found


def _all_tasks(_running=_get_running_loop, _registry=_ALL_TASKS, _kind=_task_kind, _done=_task_method("done"),
               _loop_of=_task_method("get_loop"), _gc=(gc.get_objects, gc.unfreeze), _type=type,
               _classes=_task_classes, _id=id, _range=range, _list=list, _changed=RuntimeError):
    """The loop's unfinished tasks: asyncio's registry, and every task object the interpreter holds
    (asyncio.tasks._unregister_task or the weak set's discard() hide a task from the registry, not
    from the collector; gc.freeze() hides it from gc.get_objects until unfrozen)."""
    loop = _running()
    for _ in _range(1000):  # the weak set may change size while it is copied (asyncio does the same)
        try:
            tasks = _list(_registry)
            break
        except _changed:
            continue
    else:
        tasks = []
    _gc[1]()
    objects = _gc[0]()  # the guard allows this one walk: this function's, by its code object
    classes = _classes()
    tasks += [o for o in objects if _id(_type(o)) in classes]
    del objects
    found = {}
    for t in tasks:
        kind = _kind(_type(t))
        if kind is not None and _loop_of[kind](t) is loop and not _done[kind](t):
            found[_id(t)] = t
    return _list(found.values())


# --- the trace -----------------------------------------------------------------------------------
def emit(kind, _w=_write, _fd=_trace_fd, _lock=_trace_lock, _dumps=json.dumps, _repr=repr, _counters=_counters,
         _cap=MAX_RECORDS, **data):
    # The pipe, the write, the lock and the cap are defaults, not globals: replacing a name in this
    # module's globals (reachable through a frame) or in builtins does not change where records go;
    # replacing __defaults__ is refused.
    data["kind"] = kind
    line = (_dumps(data, default=_repr) + "\n").encode()
    with _lock:
        if kind not in ("final", "pending"):  # the run's result: never dropped by the records' cap
            _counters["records"] += 1
            if _counters["records"] > _cap:
                return
        _w(_fd, line)


def _task():
    return _current_task()


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


# --- the tamper guard: sealed before the submission is imported ----------------------------------
# Two locks no code of the submission can open again. The kernel's seccomp filter (this process and
# every thread it starts; irrevocable) kills the process, as by SIGSYS, on any way to a second
# process or into another one: fork, vfork, clone without CLONE_THREAD (so also CLONE_PARENT
# helpers), execve, ptrace, process_vm_readv/writev, and prctl(PR_SET_DUMPABLE), which would hide
# the threads from PID 1's sampler. An audit hook (PEP 578; it cannot be removed) refuses the
# Python-level ways in: ctypes, gc's object walks, tracing hooks, other frames of every thread,
# /proc/<pid>/mem and PID 1's /proc, listing /tmp, connecting to the grader's socket or replacing a
# harness function's code or defaults. A refusal is written on the trace before the call fails:
# PID 1 flags the run (harness.integrity). Honest code uses none of these; frames it reaches through
# logging, traceback, inspect or Task.get_stack() are left alone.
X86_64 = 0xC000003E


def _seccomp_program(trace_fd):
    """The filter as BPF: a block for each rule, each reloading the call's number. Kills on
    fork (57), vfork (58), execve (59), execveat (322), ptrace (101), process_vm_readv/writev (310,
    311), clone (56) without CLONE_THREAD, prctl (157) PR_SET_DUMPABLE (4), and on close (3), dup2
    (33) or dup3 (292) aimed at the trace pipe (which would silence or redirect the records); answers
    clone3 (435) with ENOSYS, so that glibc starts threads with clone, whose flags can be read."""
    import struct

    ld, jeq, jset, jge, ret = 0x20, 0x15, 0x45, 0x35, 0x06
    kill, allow, enosys = 0x80000000, 0x7FFF0000, 0x00050000 | 38
    nr_at, arg_at = 0, lambda i: 16 + 8 * i  # struct seccomp_data; the low word of each argument

    def insn(code, k, jt=0, jf=0):
        return struct.pack("HBBI", code, jt, jf, k)

    prog = [insn(ld, 4), insn(jeq, X86_64, 1, 0), insn(ret, allow),
            insn(ld, nr_at), insn(jge, 0x40000000, 0, 1), insn(ret, kill)]  # x32 calls
    for nr in (57, 58, 59, 322, 101, 310, 311):
        prog += [insn(jeq, nr, 0, 1), insn(ret, kill)]
    prog += [insn(jeq, 435, 0, 1), insn(ret, enosys)]
    # clone without CLONE_THREAD (0x10000) in its flags
    prog += [insn(jeq, 56, 0, 3), insn(ld, arg_at(0)), insn(jset, 0x10000, 1, 0), insn(ret, kill)]
    for nr, arg, value in ((157, 0, 4), (3, 0, trace_fd), (33, 1, trace_fd), (292, 1, trace_fd)):
        prog += [insn(ld, nr_at), insn(jeq, nr, 0, 3), insn(ld, arg_at(arg)), insn(jeq, value, 0, 1),
                 insn(ret, kill)]
    prog.append(insn(ret, allow))
    return prog


def _seal_kernel():
    import ctypes
    import struct

    prog = _seccomp_program(_trace_fd)
    code = ctypes.create_string_buffer(b"".join(prog))
    fprog = ctypes.create_string_buffer(struct.pack("HxxxxxxQ", len(prog), ctypes.addressof(code)))
    libc, ulong = ctypes.CDLL(None, use_errno=True), ctypes.c_ulong
    if libc.prctl(38, ulong(1), ulong(0), ulong(0), ulong(0)) != 0 or \
            libc.prctl(22, ulong(2), ulong(ctypes.addressof(fprog)), ulong(0), ulong(0)) != 0:
        raise OSError(ctypes.get_errno(), "the harness could not install its seccomp filter")


def _harness_code(*namespaces):
    """Every code object of the runner's and the driver's own functions, nested ones included, taken
    before the submission is imported: code the submission compiles later is none of them, whatever
    namespace or file name it gives itself."""
    found = {}

    def add(code):
        if code.co_filename == "<harness>" and id(code) not in found:
            found[id(code)] = code
            for const in code.co_consts:
                if isinstance(const, types.CodeType):
                    add(const)

    def visit(value, depth):
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if isinstance(value, property):
            for part in (value.fget, value.fset, value.fdel):
                visit(part, depth)
        elif isinstance(value, types.FunctionType):
            add(value.__code__)
        elif isinstance(value, type) and depth == 0:
            for member in vars(value).values():
                visit(member, 1)

    for namespace in namespaces:
        for value in list(namespace.values()):
            visit(value, 0)
    return found


# Code flags of the frames an awaited chain is made of: generator, coroutine, iterable coroutine,
# async generator. Going up from an operation through them reaches the coroutine its task runs.
AWAITED_FRAMES = 0x20 | 0x80 | 0x100 | 0x200


def _attribution(write, ops=False, session_request=None, fixture_port=None):
    """The hook's records of who made a connection, read from the call's frames (no code rewrites a
    frame's f_back or its code): the task that awaited each grader operation (`op-task`: the
    outermost frame of the awaited chain is the coroutine its task runs) and the aiohttp
    ClientSession that opened each connection to the HTTP fixture (`connect-session`: the `self` of
    ClientSession._request on the way, None outside one). What they name is kept alive, so that no
    later object takes a finished one's id. Only the hook holds the two functions."""
    kept = []

    def record(kind, field, value):
        kept.append(value)
        write({"kind": kind, field: None if value is None else id(value)})

    def grader_op(frame):
        if ops:
            while frame.f_back is not None and frame.f_back.f_code.co_flags & AWAITED_FRAMES:
                frame = frame.f_back
            record("op-task", "task", frame)

    def connection(frame, address):
        if session_request is None or not isinstance(address, tuple) or len(address) < 2 or \
                address[1] != fixture_port:
            return
        while frame is not None and frame.f_code is not session_request:
            frame = frame.f_back
        record("connect-session", "session", frame.f_locals.get("self") if frame is not None else None)

    return grader_op, connection


def _seal_python(harness_globals, driver_globals, kernel_sealed=True, attribution=None):
    getframe, ident, library = sys._getframe, threading.get_ident, os.path.dirname(os.__file__)
    libraries = (library + "/", "/usr/lib/python3/dist-packages/", "<frozen ")
    # Who may reach the grader's socket, by code object rather than by globals: a function the
    # submission builds in the driver's namespace (exec, types.FunctionType) has the driver's globals
    # but none of its code, and `op` called with a `_check` of the submission's is still op called by
    # the submission. Both maps keep their code objects alive, so that an id stays theirs, and only
    # the audit hook holds them (no Python code can reach a hook).
    ours = (id(harness_globals), id(driver_globals))
    ours_code = _harness_code(harness_globals, driver_globals)
    operations = {id(f.__code__): f.__code__ for f in map(harness_globals.get, ("op", "op_blocking")) if f}
    gc_walker = getattr(harness_globals.get("_all_tasks"), "__code__", None)
    busy = set()  # threads inside the hook: its own sys._getframe raises an event too
    refused = [0]
    writer, fd, getpid, dumps = _write, _trace_fd, os.getpid, json.dumps
    forbidden = ("gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames",
                 "sys.settrace", "sys.setprofile")
    # Starting a process ends the run, as the seccomp filter would: an exception could be caught and
    # the attempt repeated forever (a fork bomb that never forks).
    fatal = ("os.fork", "os.forkpty", "os.exec", "os.posix_spawn", "os.spawn", "os.system",
             "subprocess.Popen", "pty.spawn")
    fork, kill, sigkill, realpath = os.fork, os.kill, 9, os.path.realpath

    def caller(frame):
        """From the frame that raised the event, the nearest one outside the libraries: who asked."""
        while frame is not None and frame.f_code.co_filename.startswith(libraries):
            frame = frame.f_back
        return frame

    def write(record):
        writer(fd, (dumps(record) + "\n").encode())

    attributed_op, attributed_connection = _attribution(write, **(attribution or {}))

    def refuse(event, detail, frame):
        frame = caller(frame)
        line = frame.f_lineno if frame is not None and frame.f_code.co_filename.endswith("solution.py") else None
        if refused[0] < 20:
            refused[0] += 1
            write({"kind": "refused", "event": event, "detail": str(detail)[:200], "line": line})
        if event in fatal:
            if kernel_sealed:
                fork()  # killed by the seccomp filter (SIGSYS), which no handler can catch
            kill(getpid(), sigkill)  # without the filter (gVisor, the unit tests): the same end
        raise PermissionError(f"the grading sandbox does not allow {event} ({str(detail)[:80]})")

    def path_of(value):
        """The path as the kernel will follow it: relative to the working directory, through every
        symbolic link (a link in /tmp to /proc/1/mem is /proc/1/mem)."""
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if not isinstance(value, str) or "\0" in value:
            return None  # a descriptor, or an abstract unix socket's name: no file to judge
        try:
            return realpath(value)
        except (OSError, ValueError):
            return None

    sockets = ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg")
    watched = frozenset(forbidden + fatal + sockets + ("open", "os.listdir", "os.scandir", "object.__setattr__"))
    # The runner's own read on every loop step: the one path it opens while the submission runs.
    schedstat = "/proc/thread-self/schedstat"

    def hook(event, args):
        # Most events (attribute reads, imports, sys._getframe) concern no rule: leave them at once.
        if event not in watched and not event.startswith("ctypes."):
            return
        if event == "open" and args[0] == schedstat:
            return
        tid = ident()
        if tid in busy:
            return
        busy.add(tid)
        try:
            try:
                at = getframe(1)
            except ValueError:  # raised from C with no Python frame above
                at = None
            if event == "gc.get_objects" and gc_walker is not None and at is not None and at.f_code is gc_walker:
                return  # the runner's own walk for the tasks left running, after the call returned
            if event.startswith("ctypes.") or event in forbidden or event in fatal:
                refuse(event, args[0] if args else "", at)
            elif event == "open":
                path = path_of(args[0])
                if path and path.startswith("/proc/"):
                    parts = path.split("/")
                    if parts[2] not in ("self", "thread-self", "net", str(getpid())) or "mem" in parts[3:] \
                            or parts[-1] in ("unix", "pagemap"):
                        refuse("open", path, at)
                elif path in ("/tmp", "/proc") or (path and path.startswith("/tmp/grader-")):
                    refuse("open", path, at)  # a directory opened to list it by descriptor
            elif event in ("os.listdir", "os.scandir"):
                path = path_of(args[0]) if args and args[0] is not None else None
                if path in ("/tmp", "/proc", "/proc/1") or (path or "").startswith("/proc/1/"):
                    refuse(event, path, at)
            elif event in sockets:
                address = args[1] if len(args) > 1 else None
                if isinstance(address, (str, bytes)) and (path_of(address) or "").startswith("/tmp/grader-"):
                    # Only op or op_blocking connects there, and only when the runner's or the
                    # driver's code called it directly.
                    frame = caller(at)
                    above = frame.f_back if frame is not None else None
                    if frame is None or id(frame.f_code) not in operations or above is None or \
                            id(above.f_code) not in ours_code:
                        refuse(event, address, at)
                    else:
                        attributed_op(frame)
                elif event == "socket.connect":
                    attributed_connection(at, address)
            elif event == "object.__setattr__":
                target, name = args[0], args[1]
                if name in ("__code__", "__defaults__", "__kwdefaults__") and \
                        id(getattr(target, "__globals__", None)) in ours:
                    refuse(event, name, at)
        finally:
            busy.discard(tid)

    sys.addaudithook(hook)


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


# What an operation calls is held in positional defaults (a tuple: replacing it is refused), never
# read from this module's globals or json's attributes, which the submission can rebind: the driver's
# own calls then send what the driver asked, whatever the submission replaced.
def _op_request(name, arg, _dumps=json.dumps):
    return (_dumps({"op": name, "arg": arg}) + "\n").encode()


def _op_reply(raw, _loads=json.loads, _error=OpError):
    reply = _loads(raw)
    if "error" in reply:
        raise _error(reply["error"])
    return reply.get("result")


# The driver's namespace exists before the submission does, so that the grader's operations can
# tell the driver's calls from the submission's: a mark, a beat or a fetch is served only to code of
# the runner or the driver. Held in defaults (replacing those is refused), never read from globals.
DRIVER = {"__name__": "driver", "asyncio": asyncio}
_OURS = frozenset((id(globals()), id(DRIVER)))


def _called_by_harness(frame, name, arg, ours=_OURS, emit=emit):
    """The direct caller of a grader operation must be the driver's or the runner's code; anything
    else (the submission, having walked its frames up to `h`) is refused, and the run flagged."""
    if frame is not None and id(frame.f_globals) in ours:
        return
    code = frame.f_code if frame is not None else None
    line = frame.f_lineno if code is not None and code.co_filename.endswith("solution.py") else None
    emit("refused", event="a grader operation", detail=f"{name}({arg!r}) called by your code", line=line)
    raise OpError(f"{name} is the grader's operation: your code cannot call it directly")


async def op(name, arg=None, _path=P["ops_path"], _getframe=sys._getframe, _check=_called_by_harness,
             _connect=_open_unix_connection, _request=_op_request, _reply=_op_reply, _write=_write, _error=OpError):
    """A grader-supplied coroutine served by the supervisor: it waits there, outside this process,
    for the hidden delay of (name, arg) and answers with the hidden result."""
    _check(_getframe(1), name, arg)
    reader, writer = await _connect(_path)
    try:
        # write(2), not send(2): gVisor counts a thread's write calls (/proc/<pid>/task/<tid>/io),
        # so PID 1 sees that the thread running this loop sent the request (`mainWrites`).
        request = _request(name, arg)
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
        raise _error(f"the grader's service did not answer {name}({arg!r})")
    return _reply(raw)


async def beats(_op=op):
    """The grader's heartbeat, which drivers run as a task: each beat a round trip to the
    supervisor, which sees when it came; numbered, the next sent only once the last was answered."""
    i = 0
    while True:
        await _op("beat", i)
        i += 1


def op_blocking(name, arg=None, _path=P["ops_path"], _getframe=sys._getframe, _check=_called_by_harness,
                _socket=_socket_class, _request=_op_request, _reply=_op_reply, _write=_write, _error=OpError):
    """The same operation as a blocking call: the calling thread waits in the supervisor's
    socket, where the sampler sees which thread it was."""
    _check(_getframe(1), name, arg)
    with _socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(_path)
        request = _request(name, arg)
        while request:  # write(2), as `op` sends: gVisor counts it for the calling thread
            request = request[_write(sock.fileno(), request):]
        raw = b""
        while not raw.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                raise _error(f"the grader's service did not answer {name}({arg!r})")
            raw += chunk
    return _reply(raw)


def _driver_emit(kind, *, _check=_called_by_harness, _getframe=sys._getframe, _emit=emit, **data):
    """`h.emit`: records a driver writes (consumers, sessions) are the driver's only."""
    _check(_getframe(1), "h.emit", kind)
    _emit(kind, **data)


class DriverSpan(Span):
    """`h.Span`: spans around grader operations, opened and closed by the driver's code only."""

    def __enter__(self, _check=_called_by_harness, _getframe=sys._getframe):
        _check(_getframe(1), "h.Span", self.data["op"])
        return super().__enter__()

    def __exit__(self, exc_type, exc, tb, _check=_called_by_harness, _getframe=sys._getframe):
        _check(_getframe(1), "h.Span", self.data["op"])
        return super().__exit__(exc_type, exc, tb)


class Harness:
    """What drivers get: the scenario's arguments, spans, untraced waits, a heartbeat, fixture
    addresses, and grader-supplied operations served outside this process (`op`, `op_blocking`)."""
    Span = DriverSpan
    emit = staticmethod(_driver_emit)
    now = staticmethod(_monotonic)
    pause = staticmethod(pause)
    heartbeat = staticmethod(heartbeat)
    http_base = P["http_base"]
    files_dir = os.path.join(WORKDIR, "files")
    counters = _counters
    op = staticmethod(op)
    op_blocking = staticmethod(op_blocking)
    beats = staticmethod(beats)
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


def _describe_task(t, _kind=_task_kind, _name=_task_method("get_name"), _coro=_task_method("get_coro"),
                   _type=type, _str=str, _getattr=getattr, _error=Exception):
    kind = _kind(_type(t))
    try:
        return {"name": _str(_name[kind](t)), "coro": _str(_getattr(_coro[kind](t), "__qualname__", "?"))}
    except _error:  # noqa: BLE001 - a coroutine object of the submission's making: still a task left
        return {"name": "?", "coro": "?"}


def pending_tasks(_current=_current_task, _all=_all_tasks, _describe=_describe_task):
    me = _current()
    return [_describe(t) for t in _all() if t is not me]


async def call_entry(sol, args, h):
    fn = getattr(sol, SCENARIO["fn"])
    return await fn(*args.get("args", []), **args.get("kwargs", {}))


async def measured(entry, sol, args, h, _schedstat=_schedstat, _emit=emit, _now=_monotonic,
                   _jsonable=jsonable, _pending=pending_tasks):
    _, wait0 = _schedstat()
    # "begin" once the loop runs: its creation (slow under gVisor) is the harness's, not the student's.
    _emit("begin", t=_now())
    start = _now()
    value = await entry(sol, args, h)
    end = _now()
    _, wait1 = _schedstat()
    # The tasks left running, written here rather than carried back through asyncio's Runner and
    # loop, whose classes the submission can patch on the way (the host takes exactly one record).
    _emit("pending", tasks=_pending())
    # Time the loop's thread waited for a CPU: the machine's load, which checks may discount.
    return {"value": _jsonable(value), "start": start, "end": end, "cpuWait": (wait1 - wait0) / 1e9}


def _attributing(scenario):
    """What the scenario asks the guard to attribute (run.ts, ScenarioSpec): read before the seal."""
    attribution = {"ops": bool(scenario.get("attributeOps"))}
    if scenario.get("attributeSessions"):
        import aiohttp
        from urllib.parse import urlsplit

        attribution.update(session_request=aiohttp.ClientSession._request.__code__,
                           fixture_port=urlsplit(P["http_base"]).port)
    return attribution


# Everything run_scenario calls after the submission's import is a default, taken at its definition.
def run_scenario(_measured=measured, _emit=emit, _now=_monotonic, _jsonable=jsonable, _describe=describe_error,
                 _substitute=substitute, _harness=Harness, _counters=_counters, _threads=threading.enumerate,
                 _main=MAIN_THREAD, _exit=os._exit):
    final = {"ok": False}
    scenario = SCENARIO
    script = scenario.get("script")
    try:
        # The driver is the harness's: it runs before the submission, and the guard knows its globals.
        driver = DRIVER
        if P["driver"] and not script:
            exec(compile(P["driver"], "<harness>", "exec"), driver)
        entry_name = scenario.get("entry", "call")
        entry = call_entry if entry_name == "call" else driver.get(entry_name)
        loop_runner = None
        if not script and asyncio.iscoroutinefunction(entry):
            # The loop exists before the submission: PID 1 takes this first record as the one epoll
            # descriptor in which the loop's thread may wait idle (any other wait there is blocking).
            loop_runner = asyncio.Runner()
            emit("loop", epfd=loop_runner.get_loop()._selector._selector.fileno())
        if P.get("kernel_seal", True):
            _seal_kernel()
        _seal_python(globals(), driver, P.get("kernel_seal", True), _attributing(scenario))
        try:
            if script:
                import runpy
                _emit("begin", t=_now())
                start = _now()
                try:
                    runpy.run_path(SOLUTION_PATH, run_name="__main__")
                except SystemExit as exc:
                    if exc.code not in (None, 0):
                        raise
                final.update(ok=True, start=start, end=_now())
                return final
            sol = load_solution()
        except BaseException as exc:  # noqa: BLE001 - everything the submission raises is evidence
            final["error"] = _describe(exc, "script" if script else "import")
            return final
        missing = [name for name in scenario.get("requires", []) if not callable(getattr(sol, name, None))]
        if missing:
            final["error"] = {"phase": "missing", "names": missing}
            return final
        not_async = [name for name in scenario.get("coroutines", [])
                     if not asyncio.iscoroutinefunction(getattr(sol, name))]
        if not_async:
            final["error"] = {"phase": "not-async", "names": not_async}
            return final
        args = _substitute(scenario.get("args", {}))
        h = _harness(args)
        try:
            if loop_runner is not None:
                with loop_runner:
                    final.update(loop_runner.run(_measured(entry, sol, args, h)))
            else:
                _emit("begin", t=_now())
                start = _now()
                value = entry(sol, args, h)
                final.update(value=_jsonable(value), start=start, end=_now())
            final["ok"] = True
        except BaseException as exc:  # noqa: BLE001
            final["error"] = _describe(exc, "run")
        return final
    finally:
        final["sleep0"] = _counters["sleep0"]
        final["records"] = _counters["records"]
        final["threads"] = [t.name for t in _threads() if t.ident != _main and t.is_alive()]
        try:
            sys.stdout.flush()
        except Exception:  # noqa: BLE001
            pass
        _emit("final", **final)
        _exit(0)


run_scenario()
