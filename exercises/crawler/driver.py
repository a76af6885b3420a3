async def run_crawl(sol, args, h):
    """The site's address is only known in the sandbox: hand it back so the host can compare URLs."""
    result = await sol.crawl(args["start"], args["max_concurrency"], args["timeout"])
    return {"result": result, "base": h.http_base}
