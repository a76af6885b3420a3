# expect: tasks.none-pending
# class 3, the runner trusts the tasks' own methods: the consumers are left waiting on queue.get()
# (leaves-consumers), but are made of a Task subclass whose done() answers True and whose
# get_loop() answers no loop, so that a runner asking each task sees none left running.
import asyncio


class QuietTask(asyncio.Task):
    def done(self):
        return True

    def get_loop(self):
        return None


async def run_pipeline(items, workers, process):
    queue = asyncio.Queue()
    results = []

    async def consumer():
        while True:
            item = await queue.get()
            results.append(await process(item))
            queue.task_done()

    loop = asyncio.get_running_loop()
    consumers = [QuietTask(consumer(), loop=loop) for _ in range(workers)]
    for item in items:
        await queue.put(item)
    await queue.join()
    return sorted(results)
