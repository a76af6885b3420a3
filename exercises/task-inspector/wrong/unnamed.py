import asyncio


async def spawn_named(names, delay):
    return [asyncio.create_task(asyncio.sleep(delay)) for _ in names]


def running_task_names():
    me = asyncio.current_task()
    return sorted(t.get_name() for t in asyncio.all_tasks() if t is not me)
