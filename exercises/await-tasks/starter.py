import asyncio


async def fetch_data(key: str, delay: float) -> str:
    # Wait `delay` seconds without blocking, then return f"Data:{key}".
    ...


async def start_fetches(keys: list[str], delay: float) -> list[asyncio.Task]:
    # Return one task per key, already scheduled, WITHOUT waiting for them to finish.
    ...


async def collect(tasks: list[asyncio.Task]) -> list[str]:
    # Await the tasks and return their results in the order of `tasks`.
    ...


async def main() -> None:
    tasks = await start_fetches(["users", "orders", "stock"], 1.0)
    print(await collect(tasks))


if __name__ == "__main__":
    asyncio.run(main())
