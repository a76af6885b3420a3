import asyncio
from concurrent.futures import ThreadPoolExecutor


async def process_all(keys, legacy_fetch, checksum):
    """One executor of our own, one job per key doing both steps in the worker thread."""
    loop = asyncio.get_running_loop()

    def fetch_and_sum(key):
        return checksum(legacy_fetch(key))

    with ThreadPoolExecutor(max_workers=len(keys) or 1) as pool:
        futures = {key: loop.run_in_executor(pool, fetch_and_sum, key) for key in keys}
        return {key: await fut for key, fut in futures.items()}
