import asyncio


async def run_pipeline(items: list[int], workers: int, process) -> list[int]:
    queue: asyncio.Queue[int] = asyncio.Queue()
    results: list[int] = []

    async def producer() -> None:
        for item in items:
            await queue.put(item)

    async def consumer() -> None:
        while True:
            item = await queue.get()
            try:
                results.append(await process(item))
            finally:
                queue.task_done()

    consumers = [asyncio.create_task(consumer()) for _ in range(workers)]
    await asyncio.create_task(producer())
    await queue.join()  # every item put has been processed
    for task in consumers:
        task.cancel()  # they wait forever on an empty queue otherwise
    await asyncio.gather(*consumers, return_exceptions=True)
    return sorted(results)


async def _demo_process(item: int) -> int:
    await asyncio.sleep(0.1 * item)
    return item * item


if __name__ == "__main__":
    print(asyncio.run(run_pipeline([3, 1, 4, 1, 5], 2, _demo_process)))
