import asyncio


async def run_pipeline(items, workers, process):
    queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    tasks = []
    while not queue.empty():
        tasks.append(asyncio.create_task(process(queue.get_nowait())))
    return sorted(await asyncio.gather(*tasks))
