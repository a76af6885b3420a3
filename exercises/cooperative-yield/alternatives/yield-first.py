import asyncio


async def _pause():
    await asyncio.sleep(0)


async def crunch(n, work):
    """Yields before each call instead of after, and sums a generator of results."""
    results = []
    i = 0
    while i < n:
        await _pause()
        results.append(work(i))
        i += 1
    return sum(results)
