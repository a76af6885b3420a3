import asyncio


async def process_all(keys, legacy_fetch, checksum):
    # legacy_fetch(key) is evaluated right here, on the loop, before to_thread ever starts.
    sums = await asyncio.gather(*(asyncio.to_thread(checksum, legacy_fetch(key)) for key in keys))
    return dict(zip(keys, sums))
