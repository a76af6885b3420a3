import asyncio


async def crunch(n, work):
    total = 0
    for i in range(n):
        total += work(i)
        if i % 100 == 99:
            await asyncio.sleep(0)
    return total
