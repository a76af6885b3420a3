def watched(h, fn):
    """The student's own delayed_greet, with its start and end marked at the grader's service
    (outside the student's process). Every run of greet_all goes through it, so code cannot tell
    a watched run from another one and behave differently."""

    async def delayed_greet(*args, **kwargs):
        name = args[0] if args else kwargs.get("name")
        await h.op("mark", f"{name}:begin")
        try:
            return await fn(*args, **kwargs)
        finally:
            await h.op("mark", f"{name}:end")

    delayed_greet.__qualname__ = fn.__qualname__
    return delayed_greet


async def greet_all_entry(sol, args, h):
    """greet_all as a student calls it: a list of (name, delay) tuples."""
    sol.delayed_greet = watched(h, sol.delayed_greet)
    return await sol.greet_all([(name, delay) for name, delay in args["people"]])
