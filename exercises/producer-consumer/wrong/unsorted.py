import asyncio


async def run_pipeline(items, workers, process):
    queue = asyncio.Queue()
    results = []

    async def consumer():
        while True:
            item = await queue.get()
            results.append(await process(item))
            queue.task_done()

    consumers = [asyncio.create_task(consumer()) for _ in range(workers)]
    for item in items:
        await queue.put(item)
    await queue.join()
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    return results
