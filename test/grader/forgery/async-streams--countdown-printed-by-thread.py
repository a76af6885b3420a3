# expect: countdown.concurrent|loop.not-blocked|countdown.waits|harness.integrity
# Countdown does not wait at all. Instead print() is replaced: the values' lines are handed to a
# thread that writes them straight to the stdout descriptor, spaced by the delay, so that the
# lines' arrival looks like a countdown that waited.
import asyncio
import builtins
import os
import queue
import threading
import time

_lines: "queue.Queue[str]" = queue.Queue()
_delay = [0.2]


def _writer():
    while True:
        text = _lines.get()
        time.sleep(_delay[0])
        os.write(1, (text + "\n").encode())


threading.Thread(target=_writer, daemon=True).start()
_real_print = builtins.print


def _print(*args, **kwargs):
    text = " ".join(map(str, args))
    if text.split(" ")[-1].isdigit():
        _lines.put(text)
    else:
        _real_print(*args, **kwargs)


builtins.print = _print


class Countdown:
    def __init__(self, n, delay):
        self.current = n
        _delay[0] = delay

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current < 1:
            raise StopAsyncIteration
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
