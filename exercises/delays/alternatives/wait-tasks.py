import asyncio


async def delayed_greet(name: str, delay: float) -> None:
    print(f"{name} is waiting {delay} seconds...")
    await asyncio.sleep(delay)
    print(f"Hello, {name}!")


async def greet_all(people: list[tuple[str, float]]) -> None:
    tasks = []
    for person in people:
        tasks.append(asyncio.create_task(delayed_greet(*person)))
    for task in tasks:
        await task
