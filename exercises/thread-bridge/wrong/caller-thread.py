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
    future = concurrent.futures.Future()
    try:
        future.set_result(asyncio.run(coro))  # runs here, on the caller's thread, not on the loop
    except Exception as exc:
        future.set_exception(exc)
    return future


def stop_loop(loop) -> None:
    loop.call_soon_threadsafe(loop.stop)
    _threads.pop(loop).join()
