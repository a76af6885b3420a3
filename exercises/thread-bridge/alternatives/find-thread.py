import asyncio
import threading


def start_loop():
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name=f"loop-{id(loop)}", daemon=True).start()
    return loop


def submit(loop, coro):
    return asyncio.run_coroutine_threadsafe(coro, loop)


def stop_loop(loop):
    loop.call_soon_threadsafe(loop.stop)
    for thread in threading.enumerate():
        if thread.name == f"loop-{id(loop)}":
            thread.join(timeout=5)
