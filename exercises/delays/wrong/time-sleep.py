import asyncio
import time


async def delayed_greet(name: str, delay: float) -> None:
    print(f"{name} is waiting {delay} seconds...")
    time.sleep(delay)
    print(f"Hello, {name}!")


async def greet_all(people: list[tuple[str, float]]) -> None:
    await asyncio.gather(*(delayed_greet(name, delay) for name, delay in people))
