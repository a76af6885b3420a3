import asyncio


async def process_all(keys, legacy_fetch, checksum):
    results = {}

    async def handle(key):
        payload = await asyncio.to_thread(legacy_fetch, key)
        results[key] = await asyncio.to_thread(checksum, payload)

    async with asyncio.TaskGroup() as tg:
        for key in keys:
            tg.create_task(handle(key))
    return {key: results[key] for key in keys}
