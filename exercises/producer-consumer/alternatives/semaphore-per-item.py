import asyncio


async def run_pipeline(items, workers, process):
    """One task per item, at most `workers` of them in process() at once: the same behaviour as
    `workers` consumers sharing a queue, seen from outside (tasks.consumers advises the queue)."""
    slots = asyncio.Semaphore(workers)

    async def handle(item):
        async with slots:
            return await process(item)

    return sorted(await asyncio.gather(*(handle(item) for item in items)))
