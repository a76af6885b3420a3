import asyncio
import re

import aiohttp


async def crawl(start_url, max_concurrency, timeout):
    """Recursive tasks in a TaskGroup; a Semaphore around each request; aiohttp's own timeout."""
    gate = asyncio.Semaphore(max_concurrency)
    seen, ok, late = {start_url}, [], []

    async with aiohttp.ClientSession() as session, asyncio.TaskGroup() as tg:

        async def visit(url):
            async with gate:
                try:
                    async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as r:
                        html = await r.text()
                except asyncio.TimeoutError:
                    late.append(url)
                    return
            ok.append(url)
            for link in re.findall(r'<a href="(.*?)"', html):
                if link not in seen:
                    seen.add(link)
                    tg.create_task(visit(link))

        tg.create_task(visit(start_url))

    return {"visited": sorted(ok), "timed_out": sorted(late)}
