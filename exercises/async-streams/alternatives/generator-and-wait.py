import asyncio


class Countdown:
    """__aiter__ hands out an async generator: it is the async iterator `async for` drives."""

    def __init__(self, n: int, delay: float) -> None:
        self.n = n
        self.delay = delay

    def __aiter__(self):
        return self._values()

    async def _values(self):
        for value in range(self.n, 0, -1):
            await asyncio.sleep(self.delay)
            yield value


async def _items(name, open_feed):
    async with open_feed(name) as feed:
        async for item in feed:
            yield item


async def _read(name, open_feed):
    return [item async for item in _items(name, open_feed)]


async def collect(names, open_feed):
    tasks = [asyncio.create_task(_read(name, open_feed)) for name in names]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    if pending:
        # One feed failed: stop the others, and wait until each has closed its feed.
        for task in pending:
            task.cancel()
        await asyncio.wait(pending)
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            raise task.exception()
    return {name: task.result() for name, task in zip(names, tasks)}
