import asyncio


async def spawn_named(names, delay):
    return [asyncio.create_task(asyncio.sleep(delay), name=n) for n in names]


def running_task_names():
    return sorted(t.get_name() for t in asyncio.all_tasks() if not t.done())
