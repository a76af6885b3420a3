import asyncio


async def fetch_data(key: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys: list[str], delay: float) -> list[asyncio.Task]:
    # create_task schedules each fetch right away; nothing here waits for them.
    return [asyncio.create_task(fetch_data(key, delay)) for key in keys]


async def collect(tasks: list[asyncio.Task]) -> list[str]:
    # The tasks are already running, so awaiting them one by one still overlaps their waits.
    return [await task for task in tasks]


async def main() -> None:
    tasks = await start_fetches(["users", "orders", "stock"], 1.0)
    print(await collect(tasks))


if __name__ == "__main__":
    asyncio.run(main())
