import asyncio


async def greet(name: str = "Alice", delay: float = 1.0) -> None:
    print("Hello, Alice")
    await asyncio.sleep(delay)
    print("Goodbye, Alice")


if __name__ == "__main__":
    asyncio.run(greet("Alice"))
