import asyncio
import time


async def slow_operation(delay: float) -> str:
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    started = time.monotonic()
    result = await slow_operation(delay)  # waits for the whole operation...
    if time.monotonic() - started > timeout:  # ...and only then notices it took too long
        print(f"Timed out after {timeout}s")
        return "timeout"
    return result


async def all_with_timeout(delays: list[float], timeout: float) -> list[str]:
    return list(await asyncio.gather(*(with_timeout(d, timeout) for d in delays)))
