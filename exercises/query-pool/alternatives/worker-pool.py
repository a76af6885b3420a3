import asyncio


async def query_all(db_names, query_db, limit=None):
    """A fixed pool of `limit` workers pulling indexes from a queue, results stored by position."""
    results = [None] * len(db_names)
    queue = asyncio.Queue()
    for index, name in enumerate(db_names):
        queue.put_nowait((index, name))

    async def worker():
        while True:
            try:
                index, name = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            results[index] = await query_db(name)

    workers = len(db_names) if limit is None else limit
    async with asyncio.TaskGroup() as tg:
        for _ in range(workers):
            tg.create_task(worker())
    return results
