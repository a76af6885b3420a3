import asyncio


async def fetch_data(key, delay):
    await asyncio.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys, delay):
    loop = asyncio.get_running_loop()
    return [loop.create_task(fetch_data(k, delay), name=f"fetch-{k}") for k in keys]


async def collect(tasks):
    if tasks:
        await asyncio.wait(tasks)
    return [t.result() for t in tasks]
