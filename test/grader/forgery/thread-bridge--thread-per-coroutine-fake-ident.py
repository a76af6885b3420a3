# expect: threads.loop-thread
import asyncio
import concurrent.futures
import threading

# Every submitted coroutine runs in a thread of its own (asyncio.run), concurrently, while
# threading.get_ident and asyncio.get_running_loop are rewritten so that the grader's probes
# inside report one thread and the returned loop. /proc counts the threads.
_threads = {}
_real_ident = threading.get_ident
_real_running = asyncio.get_running_loop
_fake = {}


def start_loop():
    loop = asyncio.new_event_loop()
    t = threading.Thread(target=loop.run_forever, daemon=True)
    t.start()
    _threads[loop] = t
    _fake["loop"], _fake["ident"] = loop, t.ident
    threading.get_ident = lambda: _fake["ident"] if _real_ident() != threading.main_thread().ident else _real_ident()
    asyncio.get_running_loop = lambda: _fake["loop"]
    return loop


def submit(loop, coro):
    fut = concurrent.futures.Future()

    def run():
        asyncio.get_running_loop = _real_running
        try:
            fut.set_result(asyncio.run(_wrap(coro)))
        except BaseException as exc:  # noqa: BLE001
            fut.set_exception(exc)

    threading.Thread(target=run, daemon=True).start()
    return fut


async def _wrap(coro):
    asyncio.get_running_loop = lambda: _fake["loop"]
    return await coro


def stop_loop(loop):
    asyncio.get_running_loop = _real_running
    loop.call_soon_threadsafe(loop.stop)
    _threads.pop(loop).join()
