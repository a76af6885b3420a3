# expect: trace.cancelled|returns.all-in-order|returns.timeout
# No timeout at all: the answer is decided up front by comparing the *argument* delay with the
# timeout (the grader's slow_operation lasts exactly the delay it is given), then a plain sleep
# stands in for the timeout and a manual cancel for wait_for. Never waits on the operation when
# it "knows" it will be too slow.
import asyncio


async def slow_operation(delay: float) -> str:
    await asyncio.sleep(delay)
    return "done"


async def with_timeout(delay: float, timeout: float) -> str:
    if delay <= timeout:
        return await slow_operation(delay)
    t = asyncio.ensure_future(slow_operation(delay))
    await asyncio.sleep(timeout)
    t.cancel()
    print(f"Timed out after {timeout}s")
    return "timeout"


async def all_with_timeout(delays, timeout):
    return list(await asyncio.gather(*(with_timeout(d, timeout) for d in delays)))
