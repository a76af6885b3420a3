import asyncio


async def crunch(n, work):
    return sum(work(i) for i in range(n))
