async def run_entry(sol, args, h):
    delays, mul, add, mod = args["delays"], args["mul"], args["add"], args["mod"]

    async def process(item):
        # Which task is consuming: ids, so that consumers sharing a name still count apart.
        h.emit("consumer", item=item, task=id(asyncio.current_task()))
        with h.Span("process", item):
            await h.pause(delays[str(item)])
        return (item * mul + add) % mod

    return await sol.run_pipeline(list(args["items"]), args["workers"], process)
