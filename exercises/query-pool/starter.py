import asyncio


async def query_all(db_names: list[str], query_db, limit: int | None = None) -> list[str]:
    # Run `await query_db(name)` for every name concurrently and return the results in input order.
    # With a `limit`, never have more than `limit` queries in flight: an asyncio.Semaphore(limit)
    # lets the next query start as soon as any running one finishes.
    ...


async def _demo_query(name: str) -> str:
    await asyncio.sleep(0.5)
    return f"{name}: 42 rows"


async def main() -> None:
    results = await query_all(["users", "orders", "stock", "audit"], _demo_query, limit=2)
    for line in results:
        print(line)


if __name__ == "__main__":
    asyncio.run(main())
