# expect: timing.waits|returns.fetch-data
# Returns what the contract says at once, never waiting: fetch_data's value is guessable from its key.
import asyncio


async def fetch_data(key: str, delay: float) -> str:
    return f"Data:{key}"


async def start_fetches(keys, delay):
    return [asyncio.create_task(fetch_data(k, delay)) for k in keys]


async def collect(tasks):
    return [await t for t in tasks]
