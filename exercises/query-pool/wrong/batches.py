import asyncio


async def query_all(db_names, query_db, limit=None):
    if limit is None:
        return await asyncio.gather(*(query_db(n) for n in db_names))
    results = []
    for i in range(0, len(db_names), limit):
        batch = db_names[i:i + limit]
        results += await asyncio.gather(*(query_db(n) for n in batch))
    return results
