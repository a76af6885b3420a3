# expect: trace.cancelled
# Gives up at the timeout without cancelling, and hides the still-running operation from the
# grader's inside task list by replacing asyncio.all_tasks.
import asyncio

asyncio.all_tasks = lambda loop=None: set()
asyncio.tasks.all_tasks = asyncio.all_tasks


async def slow_operation(delay: float) -> str:
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    task = asyncio.ensure_future(slow_operation(delay))
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    print(f"Timed out after {timeout}s")
    return "timeout"


async def all_with_timeout(delays, timeout):
    return list(await asyncio.gather(*(with_timeout(d, timeout) for d in delays)))
