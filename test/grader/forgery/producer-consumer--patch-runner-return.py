# expect: tasks.none-pending
# class 3, the runner reads what the submission can rebind: its consumers are left waiting on
# queue.get() (leaves-consumers), and it patches asyncio's own Runner.run, through which the
# runner's result comes back, to empty the list of tasks left running on the way.
import asyncio
import asyncio.runners

_run = asyncio.runners.Runner.run


def _run_quietly(self, coro, **kwargs):
    result = _run(self, coro, **kwargs)
    if isinstance(result, dict) and "pending" in result:
        result["pending"] = []
    return result


asyncio.runners.Runner.run = _run_quietly


async def run_pipeline(items, workers, process):
    queue = asyncio.Queue()
    results = []

    async def consumer():
        while True:
            item = await queue.get()
            results.append(await process(item))
            queue.task_done()

    for _ in range(workers):
        asyncio.create_task(consumer())
    for item in items:
        await queue.put(item)
    await queue.join()
    return sorted(results)
