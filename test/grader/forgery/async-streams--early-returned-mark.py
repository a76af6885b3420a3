# expect: feeds.closed|harness.integrity|code.runs
# Calls the grader's `returned` operation itself, through the driver's `h` found in the caller
# frames, before reading anything (hoping the mark moves), and never closes a feed: PID 1 keeps
# the first mark, and no close was served at all.
import asyncio
import sys


class Countdown:
    def __init__(self, n, delay):
        self.current, self.delay = n, delay

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current < 1:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        self.current -= 1
        return self.current + 1


async def collect(names, open_feed):
    frame = sys._getframe(1)
    while frame and "h" not in frame.f_locals:
        frame = frame.f_back
    if frame:
        await frame.f_locals["h"].op("returned", "collect")
    results = {}

    async def read(name):
        feed = await open_feed(name).__aenter__()  # opened, never closed
        results[name] = [item async for item in feed]

    await asyncio.gather(*(read(name) for name in names), return_exceptions=True)
    return results
