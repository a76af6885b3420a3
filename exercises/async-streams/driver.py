# The feeds are served by the grader outside your process: opening, every item and closing are
# operations the grader answers after its own hidden delays.


class FeedError(Exception):
    """What a feed raises when its source breaks in the middle of a stream."""


class _Items:
    """The async iterator a feed hands out: one grader operation per item, in order."""

    def __init__(self, name, h):
        self.name, self.h, self.next_index, self.done = name, h, 0, False

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.done:
            raise StopAsyncIteration
        arg = f"{self.name}:{self.next_index}"
        self.next_index += 1
        try:
            value = await self.h.op("item", arg)
        except self.h.OpError as exc:
            self.done = True
            raise FeedError(str(exc)) from None
        if value is None:
            self.done = True
            raise StopAsyncIteration
        return value


class _Feed:
    """What open_feed(name) returns: an async context manager whose value is the feed's items."""

    def __init__(self, name, h):
        self.name, self.h = name, h

    async def __aenter__(self):
        await self.h.op("open", self.name)
        return _Items(self.name, self.h)

    async def __aexit__(self, exc_type, exc, tb):
        await self.h.op("close", self.name)
        return False


async def run_collect(sol, args, h):
    names = list(args["names"])

    def open_feed(name):
        return _Feed(name, h)

    try:
        outcome = {"returned": await sol.collect(names, open_feed)}
    except Exception as exc:  # noqa: BLE001 - what collect raised is the evidence
        outcome = {"raised": type(exc).__name__, "message": str(exc)}
        if isinstance(exc, BaseExceptionGroup):
            outcome["wraps"] = [type(e).__name__ for e in exc.exceptions]
    # The moment collect returned (or raised), as the grader's clock sees it.
    await h.op("returned", "collect")
    return outcome


async def _count(sol, label, n, delay):
    shown = 0
    async for value in sol.Countdown(n, delay):
        print(f"{label} {value}")
        shown += 1
        if shown > n + 2:
            print(f"{label} did not stop")
            return
    print(f"{label} stopped")


async def run_countdowns(sol, args, h):
    await asyncio.gather(*(_count(sol, label, n, delay) for label, n, delay in args["countdowns"]))
