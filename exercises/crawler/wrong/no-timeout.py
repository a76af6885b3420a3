import asyncio
import re

import aiohttp


async def crawl(start_url, max_concurrency, timeout):
    sem = asyncio.Semaphore(max_concurrency)
    visited, seen = [], {start_url}

    async with aiohttp.ClientSession() as session:

        async def visit(url):
            async with sem:
                async with session.get(url) as r:
                    body = await r.text()
            visited.append(url)
            new = []
            for link in re.findall(r'href="([^"]+)"', body):
                if link not in seen:
                    seen.add(link)
                    new.append(link)
            await asyncio.gather(*(visit(l) for l in new))

        await visit(start_url)
    return {"visited": sorted(visited), "timed_out": []}
