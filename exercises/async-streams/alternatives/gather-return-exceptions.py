import asyncio


class Countdown:
    def __init__(self, n, delay):
        self.n = n
        self.delay = delay

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        self.n -= 1
        return self.n + 1


async def collect(names, open_feed):
    async def read(name):
        items = []
        async with open_feed(name) as feed:
            async for item in feed:
                items.append(item)
        return items

    # return_exceptions=True: gather waits for every feed (each closes itself on the way out)
    # and hands back the exception instead of raising while the others are still open.
    results = await asyncio.gather(*(read(name) for name in names), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return dict(zip(names, results))
