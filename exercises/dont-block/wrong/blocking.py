import asyncio


async def process_all(keys, legacy_fetch, checksum):
    return {key: checksum(legacy_fetch(key)) for key in keys}
