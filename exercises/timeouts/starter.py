import asyncio


async def slow_operation(delay: float) -> str:
    # Wait `delay` seconds without blocking, then return "done".
    ...


async def with_timeout(delay: float, timeout: float) -> str:
    # Run slow_operation(delay) but give up after `timeout` seconds:
    # print "Timed out after {timeout}s" and return "timeout" (the operation must be cancelled).
    ...


async def all_with_timeout(delays: list[float], timeout: float) -> list[str]:
    # with_timeout for every delay, all at the same time; results in the order of `delays`.
    ...


if __name__ == "__main__":
    print(asyncio.run(all_with_timeout([0.5, 3.0, 1.0], 2.0)))
