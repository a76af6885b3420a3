def kind(item):
    if isinstance(item, asyncio.Task):
        return "task"
    if asyncio.isfuture(item):
        return "future"
    if asyncio.iscoroutine(item):
        return "coroutine"
    return type(item).__name__


async def pipeline(sol, args, h):
    """start_fetches must hand back running tasks at once, and they must finish unawaited."""
    keys, delay, margin = list(args["keys"]), args["delay"], args["margin"]
    t0 = h.now()
    items = await sol.start_fetches(keys, delay)
    out = {"returned_after": h.now() - t0}
    if not isinstance(items, (list, tuple)):
        out["returned"] = kind(items)
        return out
    items = list(items)
    out["kinds"] = [kind(i) for i in items]
    out["done_at_return"] = [asyncio.isfuture(i) and i.done() for i in items]
    # Long enough for concurrent fetches to finish, far too short for sequential ones.
    await h.pause(delay + margin)
    out["done_later"] = [asyncio.isfuture(i) and i.done() for i in items]
    out["collect_called"] = h.now()
    if all(asyncio.isfuture(i) or asyncio.iscoroutine(i) for i in items):
        out["results"] = await sol.collect(items)
    return out


async def collect_entry(sol, args, h):
    """collect over tasks the grader started, with delays that make them finish out of order."""

    async def job(key, delay, token):
        with h.Span("job", key) as span:
            span.data["fn"] = key
            await h.pause(delay)
        return f"{key}:{token}"

    tasks = [asyncio.create_task(job(k, d, tok), name=k) for k, d, tok in args["jobs"]]
    results = await sol.collect(tasks)
    return {"results": results, "done": [t.done() for t in tasks]}
