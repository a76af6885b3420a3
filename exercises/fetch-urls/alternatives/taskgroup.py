import asyncio

import aiohttp


async def fetch_url(session, url):
    response = await session.get(url)
    try:
        text = await response.text()
    finally:
        response.release()
    print("Fetched %s → %d bytes" % (url, len(text)))
    return text


async def fetch_all(urls):
    session = aiohttp.ClientSession()
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch_url(session, u)) for u in urls]
    finally:
        await session.close()
    print(f"Fetched {len(tasks)} pages.")
    return [t.result() for t in tasks]
