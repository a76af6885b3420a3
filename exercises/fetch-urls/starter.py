import asyncio

import aiohttp


async def fetch_url(session: aiohttp.ClientSession, url: str) -> str:
    ...


async def fetch_all(urls: list[str]) -> list[str]:
    ...


if __name__ == "__main__":
    print(asyncio.run(fetch_all(["http://127.0.0.1:8080/"])))
