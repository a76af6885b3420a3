def _wait(seconds):
    """A plain timer future: the process span is the evidence, not an extra sleep span."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(seconds, lambda: fut.done() or fut.set_result(None))
    return fut


async def run_entry(sol, args, h):
    delays, mul, add, mod = args["delays"], args["mul"], args["add"], args["mod"]

    async def process(item):
        # Which task is consuming: ids, so that consumers sharing a name still count apart.
        h.emit("consumer", item=item, task=id(asyncio.current_task()))
        with h.Span("process", item):
            await _wait(delays[str(item)])
        return (item * mul + add) % mod

    return await sol.run_pipeline(list(args["items"]), args["workers"], process)
