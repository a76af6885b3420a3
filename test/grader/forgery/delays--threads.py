# expect: loop.not-blocked
# (the loop thread sits in time.sleep in the single scenario and in a join in greet_all; some runs also trip harness.integrity.)
# Greets from threads that the loop waits for with a blocking join: the loop's thread sits in a lock.
import asyncio
import threading
import time


async def delayed_greet(name: str, delay: float) -> None:
    print(f"{name} is waiting {delay} seconds...")
    time.sleep(delay)
    print(f"Hello, {name}!")


async def greet_all(people: list[tuple[str, float]]) -> None:
    threads = [threading.Thread(target=asyncio.run, args=(delayed_greet(n, d),)) for n, d in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
