import asyncio
import time


async def fetch_data(key: str, delay: float) -> str:
    time.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys: list[str], delay: float) -> list[asyncio.Task]:
    return [asyncio.create_task(fetch_data(key, delay)) for key in keys]


async def collect(tasks: list[asyncio.Task]) -> list[str]:
    return [await task for task in tasks]
