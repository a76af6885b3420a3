# expect: harness.integrity|feeds.closed|returns.items
# Writes forged final records (ok, a plausible value, a long elapsed) to every descriptor that
# might be the trace pipe, then calls the grader's `returned` operation itself through the
# driver's `h` before reading anything, and never closes a feed.
import asyncio
import json
import os
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


def _forge(value):
    line = (json.dumps({"kind": "final", "ok": True, "start": 0.0, "end": 2.0, "value": value, "pending": []}) + "\n").encode()
    for fd in range(3, 30):
        try:
            os.write(fd, line)
        except OSError:
            pass


async def collect(names, open_feed):
    _forge({"returned": {name: [] for name in names}})
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
