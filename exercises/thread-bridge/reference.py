import asyncio
import concurrent.futures
import threading

# Each loop's thread, so that stop_loop can wait for it to finish.
_threads: dict[asyncio.AbstractEventLoop, threading.Thread] = {}


def start_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="asyncio-loop", daemon=True)
    thread.start()
    _threads[loop] = thread
    return loop


def submit(loop: asyncio.AbstractEventLoop, coro) -> concurrent.futures.Future:
    # Thread-safe: schedules the coroutine on the loop's thread, returns at once.
    return asyncio.run_coroutine_threadsafe(coro, loop)


def stop_loop(loop: asyncio.AbstractEventLoop) -> None:
    # loop.stop() is not thread-safe: ask the loop's own thread to run it.
    loop.call_soon_threadsafe(loop.stop)
    _threads.pop(loop).join()
    loop.close()


async def work(n: int) -> int:
    await asyncio.sleep(1)
    return n * n


if __name__ == "__main__":
    loop = start_loop()
    futures = [submit(loop, work(n)) for n in range(3)]
    print([f.result() for f in futures])  # about 1 s: the three ran at once
    stop_loop(loop)
