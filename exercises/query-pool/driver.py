def make_query_db(args, h):
    delays, tokens = args["delays"], args["tokens"]

    async def query_db(name):
        with h.Span("query", name):
            await h.pause(delays[name])
        return f"{name}: {tokens[name]}"

    return query_db


async def run_pool(sol, args, h):
    query_db = make_query_db(args, h)
    names = list(args["names"])
    if args.get("limit") is None:
        return await sol.query_all(names, query_db)
    return await sol.query_all(names, query_db, limit=args["limit"])
