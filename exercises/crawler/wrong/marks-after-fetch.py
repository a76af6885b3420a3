import asyncio
import re

import aiohttp


async def crawl(start_url, max_concurrency, timeout):
    sem = asyncio.Semaphore(max_concurrency)
    visited, timed_out = set(), set()

    async with aiohttp.ClientSession() as session:

        async def visit(url):
            if url in visited or url in timed_out:
                return
            async with sem:
                try:
                    async with asyncio.timeout(timeout):
                        async with session.get(url) as r:
                            body = await r.text()
                except TimeoutError:
                    timed_out.add(url)
                    return
            visited.add(url)  # too late: other tasks already started fetching the same URL
            await asyncio.gather(*(visit(l) for l in re.findall(r'href="([^"]+)"', body)))

        await visit(start_url)
    return {"visited": sorted(visited), "timed_out": sorted(timed_out)}
