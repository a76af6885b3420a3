import asyncio


class Countdown:
    """An async iterator: `async for n in Countdown(3, 0.5)` gives 3, 2, 1, waiting 0.5 s before each."""

    def __init__(self, n: int, delay: float) -> None:
        ...

    def __aiter__(self) -> "Countdown":
        return self

    async def __anext__(self) -> int:
        # Wait `delay` seconds without blocking the event loop, then return the next value.
        # When there is no value left, raise StopAsyncIteration.
        raise StopAsyncIteration


async def collect(names: list[str], open_feed) -> dict[str, list[str]]:
    # For every name, open the feed with `async with open_feed(name) as feed:` and read its items
    # with `async for item in feed:`. Read all the feeds at the same time, return
    # {name: [items in order]}, and make sure every feed is closed before you return, even when
    # one of them raises (then raise that same exception).
    ...


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


if __name__ == "__main__":
    asyncio.run(main())
