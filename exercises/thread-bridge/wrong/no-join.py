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
    loop.call_soon_threadsafe(loop.stop)  # asks the loop to stop, but returns before its thread has ended
