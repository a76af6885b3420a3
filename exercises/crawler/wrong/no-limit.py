import asyncio
import re

import aiohttp


async def crawl(start_url, max_concurrency, timeout):
    visited, timed_out, seen = [], [], {start_url}

    async with aiohttp.ClientSession() as session:

        async def visit(url):
            try:
                async with asyncio.timeout(timeout):
                    async with session.get(url) as r:
                        body = await r.text()
            except TimeoutError:
                timed_out.append(url)
                return
            visited.append(url)
            new = []
            for link in re.findall(r'href="([^"]+)"', body):
                if link not in seen:
                    seen.add(link)
                    new.append(link)
            await asyncio.gather(*(visit(l) for l in new))

        await visit(start_url)
    return {"visited": sorted(visited), "timed_out": sorted(timed_out)}
