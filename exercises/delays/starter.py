import asyncio


async def delayed_greet(name: str, delay: float) -> None:
    # Print "{name} is waiting {delay} seconds...", wait without blocking, print "Hello, {name}!".
    ...


async def greet_all(people: list[tuple[str, float]]) -> None:
    # Greet everyone at the same time; return as soon as the last greeting is printed.
    ...


if __name__ == "__main__":
    asyncio.run(greet_all([("Alice", 2.0), ("Bob", 1.0), ("Carol", 1.5)]))
