import asyncio


async def slow_operation(delay: float) -> str:
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    task = asyncio.create_task(slow_operation(delay))
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    print("Timed out after %ss" % timeout)
    return "timeout"


async def all_with_timeout(delays: list[float], timeout: float) -> list[str]:
    tasks = [asyncio.create_task(with_timeout(d, timeout)) for d in delays]
    return [await t for t in tasks]
