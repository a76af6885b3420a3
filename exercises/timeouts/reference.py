import asyncio


async def slow_operation(delay: float) -> str:
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    try:
        # wait_for cancels slow_operation when the timeout expires, then raises TimeoutError.
        return await asyncio.wait_for(slow_operation(delay), timeout=timeout)
    except asyncio.TimeoutError:
        print(f"Timed out after {timeout}s")
        return "timeout"


async def all_with_timeout(delays: list[float], timeout: float) -> list[str]:
    return list(await asyncio.gather(*(with_timeout(d, timeout) for d in delays)))


if __name__ == "__main__":
    print(asyncio.run(all_with_timeout([0.5, 3.0, 1.0], 2.0)))
