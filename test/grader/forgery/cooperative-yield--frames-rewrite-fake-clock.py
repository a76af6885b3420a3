# expect: loop.heartbeat
# Never yields. Walks the frames up to the runner's globals and replaces its trace writer: slow
# loop steps are dropped and a perfect heartbeat record is forged for every call of work; the
# clocks the harness reads (time.monotonic, time.thread_time) are faked to advance 1 ms a call.
import asyncio
import sys
import time

_fake = [time.monotonic()]


def _tick():
    _fake[0] += 0.001
    return _fake[0]


def _runner_globals():
    f = sys._getframe(0)
    while f is not None:
        if "emit" in f.f_globals and "_trace_fd" in f.f_globals:
            return f.f_globals
        f = f.f_back
    import gc
    for obj in gc.get_objects():
        if isinstance(obj, dict) and "emit" in obj and "_trace_fd" in obj:
            return obj
    return None


async def crunch(n, work):
    g = _runner_globals()
    time.monotonic = _tick
    time.thread_time = _tick
    if g is not None:
        real = g["emit"]
        g["emit"] = lambda kind, _r=real, **d: None if kind in ("loop-step", "heartbeat") else _r(kind, **d)
        g["_monotonic"] = _tick
    total = 0
    for i in range(n):
        total += work(i)
        if g is not None:
            real("heartbeat", t=_tick(), lag=0.0, wait=0.0)
    return total
