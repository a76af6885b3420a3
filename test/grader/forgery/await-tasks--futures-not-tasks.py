# expect: tasks.ran-before-await
# start_fetches hands back plain futures (they pass for "scheduled" by type) and only runs the
# fetches, one by one, when collect is called.
import asyncio

_pending = []


async def fetch_data(key: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys, delay):
    loop = asyncio.get_running_loop()
    futures = []
    for key in keys:
        fut = loop.create_future()
        _pending.append((fut, key, delay))
        futures.append(fut)
    return futures


async def collect(tasks):
    for fut, key, delay in list(_pending):
        if fut in tasks and not fut.done():
            fut.set_result(await fetch_data(key, delay))
    return [await t for t in tasks]
