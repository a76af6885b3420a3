import asyncio

import aiohttp


async def fetch_url(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        body = await response.text()
    print(f"Fetched {url} → {len(body)} bytes")
    return body


async def fetch_one(url: str) -> str:
    async with aiohttp.ClientSession() as session:
        return await fetch_url(session, url)


async def fetch_all(urls: list[str]) -> list[str]:
    bodies = await asyncio.gather(*(fetch_one(url) for url in urls))
    print(f"Fetched {len(bodies)} pages.")
    return list(bodies)


if __name__ == "__main__":
    print(asyncio.run(fetch_all(["http://127.0.0.1:8080/"])))
