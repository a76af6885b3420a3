import asyncio


async def fetch_data(key: str, delay: float) -> str:
    await asyncio.sleep(delay)
    result = "Data:" + key
    return result


async def start_fetches(keys, delay):
    scheduled = []
    for key in keys:
        scheduled.append(asyncio.ensure_future(fetch_data(key, delay)))
    await asyncio.sleep(0)  # let them start; still returns long before they finish
    return scheduled


async def collect(tasks):
    return list(await asyncio.gather(*tasks))
