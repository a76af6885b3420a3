# expect: tasks.consumers
# No queue, no consumers: one task per item gated by a Semaphore(workers). The driver's
# "consumer" record reads `asyncio.current_task()` through the module attribute at call time,
# so swapping that attribute maps every per-item task onto one of `workers` fake slot objects.
import asyncio

_real_current = asyncio.current_task


async def run_pipeline(items, workers, process):
    sem = asyncio.Semaphore(workers)
    free = [object() for _ in range(workers)]
    slot_of = {}

    def fake_current(loop=None):
        t = _real_current(loop)
        return slot_of.get(t, t)

    async def one(item):
        async with sem:
            slot = free.pop()
            slot_of[_real_current()] = slot
            try:
                return await process(item)
            finally:
                free.append(slot)

    asyncio.current_task = fake_current
    try:
        results = await asyncio.gather(*(one(i) for i in items))
    finally:
        asyncio.current_task = _real_current
    return sorted(results)
