async def greet_together(sol, args, h):
    """Two greetings at once: a greet that blocks the loop makes the second wait for the first."""
    (a, da), (b, db) = args["people"]
    await asyncio.gather(sol.greet(a, da), sol.greet(b, db))
