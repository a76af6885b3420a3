import asyncio


async def run_pipeline(items, workers, process):
    queue = asyncio.Queue()
    results = []

    async def consumer():
        while True:
            item = await queue.get()
            results.append(await process(item))
            queue.task_done()

    for _ in range(workers):
        asyncio.create_task(consumer())
    for item in items:
        await queue.put(item)
    await queue.join()
    return sorted(results)
