import asyncio


async def process_all(keys, legacy_fetch, checksum):
    result = {}
    for key in keys:
        data = await asyncio.to_thread(legacy_fetch, key)
        result[key] = await asyncio.to_thread(checksum, data)
    return result
