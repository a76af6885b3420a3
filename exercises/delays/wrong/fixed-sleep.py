import asyncio


async def delayed_greet(name: str, delay: float) -> None:
    print(f"{name} is waiting {delay} seconds...")
    await asyncio.sleep(delay)
    print(f"Hello, {name}!")


async def greet_all(people: list[tuple[str, float]]) -> None:
    tasks = [asyncio.create_task(delayed_greet(name, delay)) for name, delay in people]
    await asyncio.sleep(3)  # "long enough" for everyone, whatever the delays are
