"""Waits on a future that a timer completes: no asyncio.sleep at all, yet never blocks."""
import asyncio


async def greet(name: str, delay: float = 1.0) -> None:
    print("Hello, " + name)
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_later(delay, done.set_result, None)
    await done
    print("Goodbye, " + name)


if __name__ == "__main__":
    asyncio.run(greet("Alice"))
