import asyncio


async def delayed_greet(name: str, delay: float) -> None:
    print(f"{name} is waiting {delay} seconds...")
    await asyncio.sleep(delay)
    print(f"Hello, {name}!")


async def greet_all(people: list[tuple[str, float]]) -> None:
    # gather returns when the last greeting is done: no guessing how long to wait.
    await asyncio.gather(*(delayed_greet(name, delay) for name, delay in people))


if __name__ == "__main__":
    asyncio.run(greet_all([("Alice", 2.0), ("Bob", 1.0), ("Carol", 1.5)]))
