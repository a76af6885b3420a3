import asyncio
import re

import aiohttp

LINK = re.compile(r'href="([^"]+)"')


async def crawl(start_url: str, max_concurrency: int, timeout: float) -> dict:
    # Fetch start_url, find its links (LINK.findall(body)), fetch those, and so on:
    # - every page at most once (remember which URLs you have already queued),
    # - at most max_concurrency requests in flight at any moment,
    # - a request that takes longer than `timeout` seconds is abandoned: the URL goes to
    #   "timed_out" and its links are never followed.
    # Return {"visited": sorted(fetched URLs), "timed_out": sorted(timed-out URLs)}.
    ...


if __name__ == "__main__":
    print(asyncio.run(crawl("http://127.0.0.1:8000/", 3, 1.0)))
