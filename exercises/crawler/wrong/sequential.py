import asyncio
import re

import aiohttp


async def crawl(start_url, max_concurrency, timeout):
    visited, timed_out = [], []
    seen, todo = {start_url}, [start_url]
    async with aiohttp.ClientSession() as session:
        while todo:
            url = todo.pop(0)
            try:
                async with asyncio.timeout(timeout):
                    async with session.get(url) as r:
                        body = await r.text()
            except TimeoutError:
                timed_out.append(url)
                continue
            visited.append(url)
            for link in re.findall(r'href="([^"]+)"', body):
                if link not in seen:
                    seen.add(link)
                    todo.append(link)
    return {"visited": sorted(visited), "timed_out": sorted(timed_out)}
