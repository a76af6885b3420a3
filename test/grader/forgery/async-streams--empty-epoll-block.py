# expect: loop.not-blocked|countdown.concurrent|countdown.interleaved
# class 4, the sampler calls any epoll_wait idle: Countdown waits before each value in epoll_wait on
# an epoll set of its own with nothing registered, blocking the loop, instead of awaiting.
import asyncio
import select


class Countdown:
    """Counts down from n to 1, waiting `delay` seconds before each value."""

    def __init__(self, n: int, delay: float) -> None:
        self.current = n
        self.delay = delay

    def __aiter__(self) -> "Countdown":
        return self

    async def __anext__(self) -> int:
        if self.current < 1:
            raise StopAsyncIteration
        select.epoll().poll(self.delay)  # blocks the loop where the sampler once saw it idle
        value = self.current
        self.current -= 1
        return value


async def read_feed(name: str, open_feed) -> list[str]:
    async with open_feed(name) as feed:
        return [item async for item in feed]


async def collect(names: list[str], open_feed) -> dict[str, list[str]]:
    try:
        async with asyncio.TaskGroup() as group:
            tasks = {name: group.create_task(read_feed(name, open_feed)) for name in names}
    except ExceptionGroup as failed:
        # The TaskGroup has cancelled the other feeds and waited until they were closed:
        # let the feed's own exception out, not the group around it.
        raise failed.exceptions[0]
    return {name: task.result() for name, task in tasks.items()}


class _DemoFeed:
    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self):
        print(f"open {self.name}")
        return self._items()

    async def __aexit__(self, *exc) -> None:
        print(f"close {self.name}")

    async def _items(self):
        for i in range(3):
            await asyncio.sleep(0.2)
            yield f"{self.name}-{i}"


async def main() -> None:
    async for n in Countdown(3, 0.5):
        print(n)
    print(await collect(["news", "weather"], _DemoFeed))
