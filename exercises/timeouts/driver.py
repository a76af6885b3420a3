def _substitute(sol, op):
    """The grader's own slow_operation: it waits in the grader's service (outside your process) for
    as long as that operation really takes — which its argument does not always tell — then reports
    that it ran to the end; a cancelled one never does."""

    async def slow_operation(delay):
        result = await op("slow", f"{delay:g}")
        await op("finished", f"{delay:g}")
        return result

    sol.slow_operation = slow_operation


async def cancel_entry(sol, args, h):
    op, pause = h.op, h.pause  # held before any of your code runs
    _substitute(sol, op)
    value = await sol.with_timeout(args["delay"], args["timeout"])
    await op("mark", "returned")
    # Long enough for any operation that was not cancelled to run to its end.
    await pause(args["hold"])
    return value


async def all_entry(sol, args, h):
    op, pause = h.op, h.pause
    _substitute(sol, op)
    value = await sol.all_with_timeout(list(args["delays"]), args["timeout"])
    await op("mark", "returned")
    await pause(args["hold"])
    return value
