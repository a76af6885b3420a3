import asyncio


class Countdown:
    def __init__(self, n, delay):
        self.current = n
        self.delay = delay

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current < 1:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        self.current -= 1
        return self.current + 1


async def read_feed(name, open_feed):
    async with open_feed(name) as feed:
        return [item async for item in feed]


async def collect(names, open_feed):
    # gather raises the first exception at once, while the other feeds are still being read (and open).
    results = await asyncio.gather(*(read_feed(name, open_feed) for name in names))
    return dict(zip(names, results))
