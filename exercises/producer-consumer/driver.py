async def run_entry(sol, args, h):
    async def process(item):
        """A grader-supplied coroutine served outside this process: the supervisor alone knows how
        long each item takes and what it yields, and sees how many are in flight. Which task awaited
        each call is written by the runner's guard from the call's frames (`attributeOps`)."""
        with h.Span("process", item):
            return await h.op("process", item)

    return await sol.run_pipeline(list(args["items"]), args["workers"], process)
