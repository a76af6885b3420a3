# expect: tasks.consumers
# Threads do the loop's work: `workers` threads, each with its own event loop, take items from a
# thread-safe queue.Queue and await process() there; the numbers in flight and the results are right.
import asyncio
import queue
import threading


async def run_pipeline(items, workers, process):
    q = queue.Queue()
    for item in items:
        q.put(item)
    results = []
    lock = threading.Lock()

    async def consume():
        while True:
            try:
                item = q.get_nowait()
            except queue.Empty:
                return
            value = await process(item)
            with lock:
                results.append(value)

    await asyncio.gather(*(asyncio.to_thread(asyncio.run, consume()) for _ in range(workers)))
    return sorted(results)
