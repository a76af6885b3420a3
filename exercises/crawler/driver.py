async def run_crawl(sol, args, h):
    return await sol.crawl(args["start"], args["max_concurrency"], args["timeout"])
