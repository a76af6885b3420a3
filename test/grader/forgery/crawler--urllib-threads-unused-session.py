# expect: http.aiohttp-on-loop
import asyncio
import re
import socket
import urllib.request

import aiohttp


def _get(url, timeout):
    req = urllib.request.Request(url, headers={"User-Agent": "Python/3.11 aiohttp/3.9.5"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.read().decode("utf-8")


async def crawl(start_url, max_concurrency, timeout):
    sem = asyncio.Semaphore(max_concurrency)
    seen, ok, late = {start_url}, [], []
    async with aiohttp.ClientSession() as _unused, asyncio.TaskGroup() as tg:

        async def visit(url):
            async with sem:
                try:
                    html = await asyncio.wait_for(asyncio.to_thread(_get, url, timeout + 1), timeout)
                except (asyncio.TimeoutError, socket.timeout):
                    late.append(url)
                    return
            ok.append(url)
            for link in re.findall(r'href="([^"]+)"', html):
                if link not in seen:
                    seen.add(link)
                    tg.create_task(visit(link))

        tg.create_task(visit(start_url))
    return {"visited": sorted(ok), "timed_out": sorted(late)}
