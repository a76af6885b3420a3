import asyncio


async def fetch_data(key: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys: list[str], delay: float) -> list:
    # Coroutine objects, not tasks: nothing runs until each one is awaited.
    return [fetch_data(key, delay) for key in keys]


async def collect(tasks: list) -> list[str]:
    return [await task for task in tasks]
