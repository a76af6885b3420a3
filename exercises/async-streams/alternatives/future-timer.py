import asyncio


class Countdown:
    """Waits with a future the loop resolves later, instead of asyncio.sleep."""

    def __init__(self, n, delay):
        self.left = list(range(n, 0, -1))
        self.delay = delay

    def __aiter__(self):
        return self

    async def __anext__(self):
        if not self.left:
            raise StopAsyncIteration
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        loop.call_later(self.delay, ready.set_result, None)
        await ready
        return self.left.pop(0)


async def collect(names, open_feed):
    results = {}

    async def read(name):
        async with open_feed(name) as feed:
            results[name] = [item async for item in feed]

    error = None
    try:
        async with asyncio.TaskGroup() as group:
            for name in names:
                group.create_task(read(name))
    except* Exception as failed:
        # Raising failed.exceptions[0] in here would put it back into a group: keep it for later.
        error = failed.exceptions[0]
    if error is not None:
        raise error
    return {name: results[name] for name in names}
