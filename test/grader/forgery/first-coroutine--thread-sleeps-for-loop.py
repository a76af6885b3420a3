# expect: loop.not-blocked
# runsc: ordering.hello-before-goodbye|timing.concurrent
# Hands the waiting to a thread but then blocks the loop joining it: the loop's thread waits on a
# lock while the sleep happens elsewhere.
import asyncio
import threading
import time


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}")
    t = threading.Thread(target=time.sleep, args=(delay,))
    t.start()
    t.join()
    print(f"Goodbye, {name}")
