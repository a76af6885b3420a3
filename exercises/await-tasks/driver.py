def kind(item):
    if isinstance(item, asyncio.Task):
        return "task"
    if asyncio.isfuture(item):
        return "future"
    if asyncio.iscoroutine(item):
        return "coroutine"
    return type(item).__name__


async def pipeline(sol, args, h):
    """start_fetches with the grader's own fetch_data, which waits in the grader's service (outside
    your process): it sees when each fetch started and ended, and when start_fetches returned."""
    keys, delay, margin = list(args["keys"]), args["delay"], args["margin"]
    op, pause = h.op, h.pause  # held before any of your code runs

    async def fetch_data(key, delay=None):
        # The delay travels with the key: PID 1 knows a fetch only with the delay start_fetches was
        # given, so passing it on is seen from outside.
        try:
            return await h.op("fetch", f"{key} after {delay!r}")
        except h.OpError:
            raise ValueError(f"fetch_data({key!r}, {delay!r}): start_fetches should pass on the delay it "
                             f"was given ({args['delay']!r})") from None

    sol.fetch_data = fetch_data
    t0 = h.now()
    items = await sol.start_fetches(keys, delay)
    out = {"returned_after": h.now() - t0}
    await op("mark", "returned")
    if not isinstance(items, (list, tuple)):
        out["returned"] = kind(items)
        await pause(delay + margin)
        return out
    items = list(items)
    out["kinds"] = [kind(i) for i in items]
    out["done_at_return"] = [asyncio.isfuture(i) and i.done() for i in items]
    # Long enough for concurrent fetches to finish, far too short for sequential ones.
    await pause(delay + margin)
    out["done_later"] = [asyncio.isfuture(i) and i.done() for i in items]
    await op("mark", "collect")
    if all(asyncio.isfuture(i) or asyncio.iscoroutine(i) for i in items):
        out["results"] = await sol.collect(items)
    return out


async def collect_entry(sol, args, h):
    """collect over tasks the grader started, which wait in the grader's service with delays that
    make them finish out of order, and return values only that service knows."""

    async def job(key):
        return await h.op("job", key)

    tasks = [asyncio.create_task(job(k), name=k) for k in args["jobs"]]
    results = await sol.collect(tasks)
    return {"results": results, "done": [t.done() for t in tasks]}
