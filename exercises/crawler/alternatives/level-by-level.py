import asyncio
import re

import aiohttp


async def crawl(start_url, max_concurrency, timeout):
    """Breadth first, one level at a time, each request through a semaphore and wait_for."""
    sem = asyncio.Semaphore(max_concurrency)
    visited, timed_out = [], []
    seen = {start_url}
    level = [start_url]

    async with aiohttp.ClientSession() as session:

        async def get(url):
            async with session.get(url) as resp:
                return await resp.text()

        async def fetch(url):
            async with sem:
                try:
                    return await asyncio.wait_for(get(url), timeout)
                except asyncio.TimeoutError:
                    return None

        while level:
            bodies = await asyncio.gather(*(fetch(u) for u in level))
            next_level = []
            for url, body in zip(level, bodies):
                if body is None:
                    timed_out.append(url)
                    continue
                visited.append(url)
                for link in re.findall(r'href="([^"]+)"', body):
                    if link not in seen:
                        seen.add(link)
                        next_level.append(link)
            level = next_level

    visited.sort()
    timed_out.sort()
    return {"visited": visited, "timed_out": timed_out}
