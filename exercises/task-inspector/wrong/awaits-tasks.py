import asyncio


async def spawn_named(names, delay):
    tasks = [asyncio.create_task(asyncio.sleep(delay), name=n) for n in names]
    await asyncio.gather(*tasks)
    return tasks


def running_task_names():
    me = asyncio.current_task()
    return sorted(t.get_name() for t in asyncio.all_tasks() if t is not me)
