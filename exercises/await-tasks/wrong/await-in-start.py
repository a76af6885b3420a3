import asyncio


async def fetch_data(key: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys: list[str], delay: float) -> list[asyncio.Task]:
    tasks = [asyncio.create_task(fetch_data(key, delay)) for key in keys]
    await asyncio.gather(*tasks)  # waits for every fetch before handing the tasks back
    return tasks


async def collect(tasks: list[asyncio.Task]) -> list[str]:
    return [await task for task in tasks]
