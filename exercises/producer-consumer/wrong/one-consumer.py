import asyncio


async def run_pipeline(items, workers, process):
    queue = asyncio.Queue()
    results = []

    async def consumer():
        while True:
            item = await queue.get()
            if item is None:
                return
            results.append(await process(item))

    for item in items:
        queue.put_nowait(item)
    queue.put_nowait(None)
    await consumer()
    return sorted(results)
