# expect: timing.returns-at-once
# spawn_named waits for its tasks before returning them (then renames fresh sleeping copies), and
# replaces the driver's clock found in the caller's frame so that the wait looks instant.
import asyncio
import sys


async def spawn_named(names, delay):
    frame = sys._getframe(1)
    while frame is not None:
        h = frame.f_locals.get("h")
        if h is not None:
            try:
                type(h).now = staticmethod(lambda: 0.0)
            except Exception:
                pass
        frame = frame.f_back
    await asyncio.sleep(delay)
    return [asyncio.create_task(asyncio.sleep(delay), name=n) for n in names]


def running_task_names():
    me = asyncio.current_task()
    return sorted(t.get_name() for t in asyncio.all_tasks() if t is not me and not t.done())
