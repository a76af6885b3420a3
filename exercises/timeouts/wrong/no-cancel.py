import asyncio


async def slow_operation(delay: float) -> str:
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    task = asyncio.create_task(slow_operation(delay))
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    print(f"Timed out after {timeout}s")
    return "timeout"  # gives up, but leaves slow_operation running


async def all_with_timeout(delays: list[float], timeout: float) -> list[str]:
    return list(await asyncio.gather(*(with_timeout(d, timeout) for d in delays)))
