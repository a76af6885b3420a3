# expect: session.single
# class 2, the driver's count travels through a name the submission can rebind: one ClientSession
# per URL (session-per-url), but after the first session is opened, ClientSession.__init__ is set back
# to the one the driver's counting wrapper closes over, so that the driver counts a single session.
import asyncio

import aiohttp


async def fetch_url(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        body = await response.text()
    print(f"Fetched {url} → {len(body)} bytes")
    return body


def _uncounted_init():
    init = aiohttp.ClientSession.__init__
    for cell in getattr(init, "__closure__", None) or ():
        if callable(cell.cell_contents) and getattr(cell.cell_contents, "__name__", "") == "__init__":
            return cell.cell_contents
    return init


async def fetch_one(url: str) -> str:
    async with aiohttp.ClientSession() as session:
        return await fetch_url(session, url)


async def fetch_all(urls: list[str]) -> list[str]:
    first = aiohttp.ClientSession()  # counted once
    await first.close()
    aiohttp.ClientSession.__init__ = _uncounted_init()
    bodies = await asyncio.gather(*(fetch_one(url) for url in urls))
    print(f"Fetched {len(bodies)} pages.")
    return list(bodies)
