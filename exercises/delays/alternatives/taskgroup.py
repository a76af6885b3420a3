import asyncio


async def delayed_greet(name, delay):
    print(name + " is waiting " + str(delay) + " seconds...")
    await asyncio.sleep(delay)
    print("Hello, " + name + "!")


async def greet_all(people):
    async with asyncio.TaskGroup() as tg:
        for who, seconds in people:
            tg.create_task(delayed_greet(who, seconds), name=who)
