import asyncio


async def _nap(seconds):
    await asyncio.sleep(seconds)


async def spawn_named(names, delay):
    loop = asyncio.get_running_loop()
    tasks = []
    for name in names:
        task = loop.create_task(_nap(delay))
        task.set_name(name)
        tasks.append(task)
    return tasks


def running_task_names():
    me = asyncio.current_task()
    names = []
    for task in asyncio.all_tasks(asyncio.get_running_loop()):
        if task != me:
            names.append(task.get_name())
    names.sort()
    return names
