import asyncio


async def fetch_data(key: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys: list[str], delay: float) -> list[asyncio.Task]:
    return [asyncio.create_task(fetch_data(key, delay)) for key in keys]


async def collect(tasks: list[asyncio.Task]) -> list[str]:
    # as_completed yields in the order the tasks finish, not the order they were given.
    return [await next_done for next_done in asyncio.as_completed(tasks)]
