# expect: trace.overlap|harness.integrity|code.runs
# Runs the operations one after another, then tries to rewrite the runner's records of them through gc
# so that the inside trace shows them overlapping.
import asyncio
import gc


def _rewrite():
    for o in gc.get_objects():
        if isinstance(o, dict) and o.get("kind") == "span":
            o["start"] = 0.0


async def slow_operation(delay: float) -> str:
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    try:
        return await asyncio.wait_for(slow_operation(delay), timeout=timeout)
    except asyncio.TimeoutError:
        print(f"Timed out after {timeout}s")
        return "timeout"


async def all_with_timeout(delays, timeout):
    results = []
    for d in delays:
        results.append(await with_timeout(d, timeout))
    _rewrite()
    return results
