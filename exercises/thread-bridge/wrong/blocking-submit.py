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
    future = asyncio.run_coroutine_threadsafe(coro, loop)
    future.result()  # waits for the coroutine: submitting several is now one after another
    return future


def stop_loop(loop) -> None:
    loop.call_soon_threadsafe(loop.stop)
    _threads.pop(loop).join()
