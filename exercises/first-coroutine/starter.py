import asyncio


async def greet(name: str, delay: float = 1.0) -> None:
    # Print "Hello, {name}", wait `delay` seconds without blocking, print "Goodbye, {name}".
    ...


if __name__ == "__main__":
    asyncio.run(greet("Alice"))
