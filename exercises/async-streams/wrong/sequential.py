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


async def collect(names, open_feed):
    results = {}
    for name in names:
        async with open_feed(name) as feed:
            results[name] = [item async for item in feed]
    return results
