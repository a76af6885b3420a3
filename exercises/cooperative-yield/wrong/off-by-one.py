import asyncio


async def crunch(n, work):
    total = 0
    for i in range(1, n + 1):
        total += work(i)
        await asyncio.sleep(0)
    return total
