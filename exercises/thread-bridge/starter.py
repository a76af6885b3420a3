import asyncio
import concurrent.futures
import threading


def start_loop() -> asyncio.AbstractEventLoop:
    # Create a new event loop and run it forever in a daemon thread; return the loop.
    ...


def submit(loop: asyncio.AbstractEventLoop, coro) -> concurrent.futures.Future:
    # Schedule `coro` on `loop` from this (other) thread; return the concurrent Future.
    ...


def stop_loop(loop: asyncio.AbstractEventLoop) -> None:
    # Stop the loop (thread-safely) and wait for its thread to finish.
    ...


async def work(n: int) -> int:
    await asyncio.sleep(1)
    return n * n


if __name__ == "__main__":
    loop = start_loop()
    futures = [submit(loop, work(n)) for n in range(3)]
    print([f.result() for f in futures])
    stop_loop(loop)
