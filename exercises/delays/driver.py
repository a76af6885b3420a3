async def greet_all_entry(sol, args, h):
    """greet_all as a student calls it: a list of (name, delay) tuples."""
    return await sol.greet_all([(name, delay) for name, delay in args["people"]])


async def structure_entry(sol, args, h):
    """greet_all with the grader's own delayed_greet, which waits in the grader's service (outside
    your process): the grader sees how many greetings were waiting at once and when each ended."""

    async def delayed_greet(name, delay):
        print(f"{name} is waiting {delay} seconds...")
        await h.op("greet", str(name))
        print(f"Hello, {name}!")

    sol.delayed_greet = delayed_greet
    return await sol.greet_all([(name, delay) for name, delay in args["people"]])
