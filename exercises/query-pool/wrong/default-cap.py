import asyncio


async def query_all(db_names: list[str], query_db, limit: int | None = None) -> list[str]:
    # "No limit" quietly becomes a limit of 10: with more names than that, some wait their turn.
    semaphore = asyncio.Semaphore(limit or 10)

    async def limited(name: str) -> str:
        async with semaphore:
            return await query_db(name)

    return await asyncio.gather(*(limited(name) for name in db_names))
