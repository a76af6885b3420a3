# expect: tasks.consumers
# class 2, the driver reads names the submission can rebind: no queue, one task per item gated by a
# Semaphore(workers). The grader's `h` is found in process()'s closure, and its class's task lookup,
# `current_task`, replaced (class attributes raise no audit event) by one answering one of `workers`
# slot objects, so that a driver naming the calling task through `h` sees only `workers` consumers.
import asyncio


async def run_pipeline(items, workers, process):
    sem = asyncio.Semaphore(workers)
    free = [object() for _ in range(workers)]
    slot_of = {}
    real = asyncio.current_task
    for cell in process.__closure__ or ():
        h = cell.cell_contents
        if hasattr(type(h), "op"):
            type(h).current_task = staticmethod(lambda: slot_of.get(real(), real()))

    async def one(item):
        async with sem:
            slot = free.pop()
            slot_of[real()] = slot
            try:
                return await process(item)
            finally:
                free.append(slot)

    return sorted(await asyncio.gather(*(one(i) for i in items)))
