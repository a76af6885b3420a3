import asyncio


async def query_all(db_names: list[str], query_db, limit: int | None = None) -> list[str]:
    if limit is None:
        return await asyncio.gather(*(query_db(name) for name in db_names))

    semaphore = asyncio.Semaphore(limit)

    async def limited(name: str) -> str:
        async with semaphore:
            return await query_db(name)

    return await asyncio.gather(*(limited(name) for name in db_names))


async def _demo_query(name: str) -> str:
    await asyncio.sleep(0.5)
    return f"{name}: 42 rows"


async def main() -> None:
    results = await query_all(["users", "orders", "stock", "audit"], _demo_query, limit=2)
    for line in results:
        print(line)


if __name__ == "__main__":
    asyncio.run(main())
