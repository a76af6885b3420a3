# expect: trace.all-at-once
# Awaits every query one after another, then forges the trace: walks the frames up to the runner's
# globals, replaces its clock with a fake one and emits "query" spans that all overlap, for the
# inside records to show the queries in flight together.
import asyncio
import sys
import time


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


async def query_all(db_names, query_db, limit=None):
    g = _runner_globals()
    t0 = time.monotonic()
    time.monotonic = lambda: t0 + 0.5
    results = []
    for name in db_names:
        results.append(await query_db(name))
    if g is not None:
        g["_monotonic"] = lambda: t0 + 0.5
        for name in db_names:
            g["emit"]("span", op="query", arg=name, task="Task-2", coro="query_all", fn="query_db", start=t0, end=t0 + 0.5)
    return results
