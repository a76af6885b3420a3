# expect: tasks.none-pending
# class 3, the runner reads asyncio's registry: the consumers are left waiting on queue.get()
# (leaves-consumers), and each is taken out of asyncio's task registry (_unregister_task, the weak
# set's discard) and the collector's view (gc.freeze), so that a runner listing the registry's
# unfinished tasks sees none left running.
import asyncio
import gc


async def run_pipeline(items, workers, process):
    queue = asyncio.Queue()
    results = []

    async def consumer():
        while True:
            item = await queue.get()
            results.append(await process(item))
            queue.task_done()

    consumers = [asyncio.create_task(consumer()) for _ in range(workers)]
    for item in items:
        await queue.put(item)
    await queue.join()
    for task in consumers:
        asyncio.tasks._unregister_task(task)
        asyncio.tasks._all_tasks.discard(task)
    gc.freeze()
    return sorted(results)
