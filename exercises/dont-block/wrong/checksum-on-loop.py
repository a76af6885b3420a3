import asyncio


async def process_all(keys, legacy_fetch, checksum):
    async def one(key):
        data = await asyncio.to_thread(legacy_fetch, key)
        return checksum(data)

    sums = await asyncio.gather(*(one(key) for key in keys))
    return dict(zip(keys, sums))
