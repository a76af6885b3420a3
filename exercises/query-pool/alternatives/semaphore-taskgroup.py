import asyncio
from contextlib import nullcontext


async def query_all(db_names, query_db, limit=None):
    gate = asyncio.Semaphore(limit) if limit is not None else nullcontext()

    async def one(name):
        async with gate:
            return await query_db(name)

    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(one(name)) for name in db_names]
    return [t.result() for t in tasks]
