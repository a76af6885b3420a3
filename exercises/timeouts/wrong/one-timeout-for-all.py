import asyncio


async def slow_operation(delay: float) -> str:
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    try:
        return await asyncio.wait_for(slow_operation(delay), timeout=timeout)
    except asyncio.TimeoutError:
        print(f"Timed out after {timeout}s")
        return "timeout"


async def all_with_timeout(delays: list[float], timeout: float) -> list[str]:
    # One timeout around the whole batch: one slow operation makes every result "timeout".
    try:
        return list(await asyncio.wait_for(asyncio.gather(*(slow_operation(d) for d in delays)), timeout))
    except asyncio.TimeoutError:
        print(f"Timed out after {timeout}s")
        return ["timeout"] * len(delays)
