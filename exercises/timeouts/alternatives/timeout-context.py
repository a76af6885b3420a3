import asyncio


async def slow_operation(delay):
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay, timeout):
    try:
        async with asyncio.timeout(timeout):
            outcome = await slow_operation(delay)
    except TimeoutError:
        print(f"Timed out after {timeout}s")
        outcome = "timeout"
    return outcome


async def all_with_timeout(delays, timeout):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(with_timeout(d, timeout)) for d in delays]
    return [t.result() for t in tasks]
