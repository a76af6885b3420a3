import asyncio
import time


class Countdown:
    def __init__(self, n, delay):
        self.current = n
        self.delay = delay

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current < 1:
            raise StopAsyncIteration
        time.sleep(self.delay)
        self.current -= 1
        return self.current + 1


async def read_feed(name, open_feed):
    async with open_feed(name) as feed:
        return [item async for item in feed]


async def collect(names, open_feed):
    try:
        async with asyncio.TaskGroup() as group:
            tasks = {name: group.create_task(read_feed(name, open_feed)) for name in names}
    except ExceptionGroup as failed:
        raise failed.exceptions[0]
    return {name: task.result() for name, task in tasks.items()}

