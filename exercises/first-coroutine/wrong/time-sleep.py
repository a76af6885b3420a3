import asyncio
import time


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}")
    time.sleep(delay)
    print(f"Goodbye, {name}")


if __name__ == "__main__":
    asyncio.run(greet("Alice"))
