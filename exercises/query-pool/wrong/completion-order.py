import asyncio


async def query_all(db_names, query_db, limit=None):
    semaphore = asyncio.Semaphore(limit or len(db_names))
    results = []

    async def one(name):
        async with semaphore:
            results.append(await query_db(name))

    await asyncio.gather(*(one(n) for n in db_names))
    return results
