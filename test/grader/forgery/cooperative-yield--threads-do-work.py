# expect: loop.heartbeat
# The loop stays free because the work is done by threads: the heartbeat keeps ticking, but
# nothing was shared on the loop's thread and nothing yielded.
import asyncio


async def crunch(n, work):
    values = await asyncio.gather(*(asyncio.to_thread(work, i) for i in range(n)))
    return sum(values)
