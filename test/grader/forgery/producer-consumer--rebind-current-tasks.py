# expect: tasks.consumers
# class 3, the runner reads asyncio's globals: no queue, one task per item gated by a Semaphore;
# asyncio.tasks._current_tasks is rebound to a mapping that answers one of `workers` slot objects,
# so that a runner reading asyncio.current_task() at call time sees only `workers` consumers.
import asyncio

_real = asyncio.tasks._current_tasks


class _Slots(dict):
    def __init__(self):
        super().__init__()
        self.slot_of = {}

    def get(self, loop, default=None):
        task = _real.get(loop, default)
        return self.slot_of.get(task, task)


async def run_pipeline(items, workers, process):
    sem = asyncio.Semaphore(workers)
    slots = _Slots()
    free = [object() for _ in range(workers)]

    async def one(item):
        async with sem:
            slot = free.pop()
            slots.slot_of[_real.get(asyncio.get_running_loop())] = slot
            try:
                return await process(item)
            finally:
                free.append(slot)

    asyncio.tasks._current_tasks = slots
    try:
        results = await asyncio.gather(*(one(i) for i in items))
    finally:
        asyncio.tasks._current_tasks = _real
    return sorted(results)
