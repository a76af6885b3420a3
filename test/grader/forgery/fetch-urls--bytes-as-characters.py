# expect: output.fetched-lines
import asyncio

import aiohttp


async def fetch_url(session, url):
    async with session.get(url) as response:
        raw = await response.read()
    print(f"Fetched {url} → {len(raw)} bytes")  # bytes, not characters
    return raw.decode("utf-8")


async def fetch_all(urls):
    async with aiohttp.ClientSession() as session:
        bodies = await asyncio.gather(*(fetch_url(session, u) for u in urls))
    print(f"Fetched {len(bodies)} pages.")
    return list(bodies)
