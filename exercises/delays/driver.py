async def greet_all_entry(sol, args, h):
    """greet_all as a student calls it: a list of (name, delay) tuples."""
    return await sol.greet_all([(name, delay) for name, delay in args["people"]])
