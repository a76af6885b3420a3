import asyncio

STOP = object()


async def run_pipeline(items, workers, process):
    """Bounded queue, one stop marker per consumer, consumers return their own results."""
    queue = asyncio.Queue(maxsize=workers)

    async def consume():
        done = []
        while (item := await queue.get()) is not STOP:
            done.append(await process(item))
        return done

    async def produce():
        for item in items:
            await queue.put(item)
        for _ in range(workers):
            await queue.put(STOP)

    async with asyncio.TaskGroup() as tg:
        tg.create_task(produce())
        consumers = [tg.create_task(consume()) for _ in range(workers)]
    return sorted(r for c in consumers for r in c.result())
