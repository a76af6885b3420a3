# expect: trace.all-at-once|trace.max-in-flight
# Threads do the loop's work: each query runs on its own event loop in a worker thread (query_db is
# a coroutine function, so it can be driven by any loop), awaited in batches of `limit`.
import asyncio


async def query_all(db_names, query_db, limit=None):
    size = limit or len(db_names)
    results = []
    for i in range(0, len(db_names), size):
        batch = db_names[i:i + size]
        results += await asyncio.gather(*(asyncio.to_thread(asyncio.run, query_db(n)) for n in batch))
    return results
