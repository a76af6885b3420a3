# expect: timing.waits|returns.timeout
# Knows the answer from the arguments and returns it at once: no waiting, no cancelling.
import asyncio


async def slow_operation(delay: float) -> str:
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    if delay > timeout:
        print(f"Timed out after {timeout}s")
        return "timeout"
    return await slow_operation(delay)


async def all_with_timeout(delays, timeout):
    return [await with_timeout(d, timeout) for d in delays]
