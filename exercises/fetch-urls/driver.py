import aiohttp


def count_sessions(h):
    """Record every ClientSession the solution opens: fetch_all should open exactly one."""
    original = aiohttp.ClientSession.__init__

    def counting_init(self, *args, **kwargs):
        h.emit("session")
        original(self, *args, **kwargs)

    aiohttp.ClientSession.__init__ = counting_init


async def fetch_all_entry(sol, args, h):
    count_sessions(h)
    return await sol.fetch_all(list(args["urls"]))


async def fetch_url_entry(sol, args, h):
    async with aiohttp.ClientSession() as session:
        return await sol.fetch_url(session, args["url"])
