import asyncio


async def run_pipeline(items, workers, process):
    """Fill the queue first; consumers stop when it is empty."""
    queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    out = []

    async def worker(n):
        while not queue.empty():
            item = queue.get_nowait()
            out.append(await process(item))

    await asyncio.gather(*(worker(n) for n in range(workers)))
    out.sort()
    return out
