def make_query_db(h):
    async def query_db(name):
        """A grader-supplied query, served outside this process: the supervisor alone knows how
        long it takes and what it returns, and sees how many are in flight."""
        with h.Span("query", name):
            return await h.op("query", name)

    return query_db


async def run_pool(sol, args, h):
    query_db = make_query_db(h)
    names = list(args["names"])
    if args.get("limit") is None:
        return await sol.query_all(names, query_db)
    return await sol.query_all(names, query_db, limit=args["limit"])
