import aiohttp


async def fetch_all_entry(sol, args, h):
    # Which ClientSession opened each connection is written by the runner's guard from the call's
    # frames (`attributeSessions`): no wrapper here that the submission could take off again.
    return await sol.fetch_all(list(args["urls"]))


async def fetch_url_entry(sol, args, h):
    async with aiohttp.ClientSession() as session:
        return await sol.fetch_url(session, args["url"])
