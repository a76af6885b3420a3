import asyncio

_spawned = []


async def spawn_named(names, delay):
    tasks = [asyncio.create_task(asyncio.sleep(delay), name=n) for n in names]
    _spawned.extend(tasks)
    return tasks


def running_task_names():
    # Only knows the tasks spawn_named made, not every task of the loop.
    return sorted(t.get_name() for t in _spawned if not t.done())
