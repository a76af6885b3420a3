import asyncio


async def fetch_data(key: str, delay: float = 0.1) -> str:
    await asyncio.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys: list[str], delay: float) -> list[asyncio.Task]:
    # The delay is dropped: every fetch runs with fetch_data's own default instead.
    return [asyncio.create_task(fetch_data(key)) for key in keys]


async def collect(tasks: list[asyncio.Task]) -> list[str]:
    return [await task for task in tasks]
