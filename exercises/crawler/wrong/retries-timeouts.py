import asyncio
import re

import aiohttp

LINK = re.compile(r'href="([^"]+)"')


async def crawl(start_url: str, max_concurrency: int, timeout: float) -> dict:
    visited: set[str] = set()
    timed_out: set[str] = set()
    seen = {start_url}  # marked when queued, so that no page is fetched twice
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait(start_url)

    async with aiohttp.ClientSession() as session:

        async def worker() -> None:
            while True:
                url = await queue.get()
                try:
                    try:
                        async with asyncio.timeout(timeout):
                            async with session.get(url) as response:
                                body = await response.text()
                    except TimeoutError:
                        if url not in timed_out:  # one more try before giving up
                            timed_out.add(url)
                            queue.put_nowait(url)
                        continue
                    visited.add(url)
                    for link in LINK.findall(body):
                        if link not in seen:
                            seen.add(link)
                            queue.put_nowait(link)
                finally:
                    queue.task_done()

        # max_concurrency workers: never more requests in flight than that.
        workers = [asyncio.create_task(worker()) for _ in range(max_concurrency)]
        await queue.join()
        for w in workers:
            w.cancel()
        await asyncio.gather(*workers, return_exceptions=True)

    return {"visited": sorted(visited), "timed_out": sorted(timed_out)}
