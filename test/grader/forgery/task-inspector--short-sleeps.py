# expect: trace.sleeps|harness.integrity|code.runs
# The named tasks sleep only half the delay, and the span records of their sleeps are stretched
# afterwards through gc, so that the inside trace shows full-length sleeps.
import asyncio
import gc


def _stretch(delay):
    for o in gc.get_objects():
        if isinstance(o, dict) and o.get("kind") == "span":
            o["start"] = o.get("end", 0) - delay


async def _nap(delay):
    await asyncio.sleep(delay / 2)
    _stretch(delay)


async def spawn_named(names, delay):
    return [asyncio.create_task(_nap(delay), name=n) for n in names]


def running_task_names():
    me = asyncio.current_task()
    return sorted(t.get_name() for t in asyncio.all_tasks() if t is not me and not t.done())
