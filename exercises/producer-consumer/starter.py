import asyncio


async def run_pipeline(items: list[int], workers: int, process) -> list[int]:
    # 1. Create an asyncio.Queue.
    # 2. Start `workers` consumer tasks: each takes items off the queue, awaits process(item),
    #    keeps the result, and calls queue.task_done().
    # 3. A producer puts every item on the queue.
    # 4. Wait until every item is processed, then stop the consumers (no task may be left
    #    running) and return the results sorted ascending.
    ...


async def _demo_process(item: int) -> int:
    await asyncio.sleep(0.1 * item)
    return item * item


if __name__ == "__main__":
    print(asyncio.run(run_pipeline([3, 1, 4, 1, 5], 2, _demo_process)))
