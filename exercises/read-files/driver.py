import builtins
import io
import os
import sys

import aiofiles.threadpool
from aiofiles.threadpool.binary import AsyncBufferedReader, AsyncFileIO
from aiofiles.threadpool.text import AsyncTextIOWrapper

_installed = []


class SlowFile:
    """A grader file whose first read takes a hidden delay (a slow disk). The delay is served by the
    supervisor (`op_blocking("read", name)`): it sees every read in flight, and the sampler sees
    which thread waited for it (the loop's thread, with the built-in open())."""

    def __init__(self, f, name, h):
        self._f, self._name, self._h = f, name, h
        self._slowed = False

    def _first(self, method, *args):
        if self._slowed:
            return method(*args)
        self._slowed = True
        start = self._h.now()
        self._h.op_blocking("read", self._name)
        try:
            return method(*args)
        finally:
            self._h.emit("span", op="read", arg=self._name, task="read " + self._name, fn=self._name,
                         start=start, end=self._h.now())

    def read(self, *args):
        return self._first(self._f.read, *args)

    def readline(self, *args):
        return self._first(self._f.readline, *args)

    def readlines(self, *args):
        return self._first(self._f.readlines, *args)

    def __iter__(self):
        return self

    def __next__(self):
        return self._first(self._f.__next__)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()
        return False

    def __getattr__(self, name):
        return getattr(self._f, name)


def student_caller():
    """The innermost function of the submission on the stack, to name it in the message."""
    frame = sys._getframe(1)
    while frame and os.path.basename(frame.f_code.co_filename) != "solution.py":
        frame = frame.f_back
    return frame.f_code.co_name if frame else None


def install(h):
    """Slow every route to the grader's files: builtin open, io.open (pathlib) and aiofiles."""
    if _installed:
        return
    _installed.append(True)
    h.emit("files", dir=h.files_dir)  # the host needs it to rebuild the printed paths
    files_dir = os.path.realpath(h.files_dir)
    grader_files = set(os.listdir(files_dir))

    def slowed(real_open, report_blocking):
        def slow_open(file, *args, **kwargs):
            f = real_open(file, *args, **kwargs)
            try:
                path = os.path.realpath(os.fspath(file))
            except TypeError:
                return f
            name = os.path.basename(path)
            if os.path.dirname(path) != files_dir or name not in grader_files:
                return f
            if report_blocking and asyncio._get_running_loop() is not None:
                task = asyncio.current_task()
                h.emit("blocking", call="open", arg=str(file), task=task.get_name() if task else None,
                       fn=student_caller(), t=h.now())
            return SlowFile(f, name, h)

        return slow_open

    # builtins.open is already the runner's tracer, which reports a call on the loop's thread.
    builtins.open = slowed(builtins.open, False)
    io.open = slowed(io.open, True)
    aiofiles.threadpool.sync_open = builtins.open

    @aiofiles.threadpool.wrap.register(SlowFile)
    def _(file, *, loop=None, executor=None):
        inner = file._f
        cls = (AsyncTextIOWrapper if isinstance(inner, io.TextIOBase)
               else AsyncFileIO if isinstance(inner, io.FileIO) else AsyncBufferedReader)
        return cls(file, loop=loop, executor=executor)


async def read_file_entry(sol, args, h):
    install(h)
    return await sol.read_file(args["path"])


async def read_all_entry(sol, args, h):
    install(h)
    return await sol.read_all(list(args["paths"]))
