import asyncio
import threading
from concurrent.futures import Future


class _Runner(threading.Thread):
    def __init__(self):
        super().__init__(name="background-loop", daemon=True)
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()

    def run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(self.ready.set)
        try:
            self.loop.run_forever()
        finally:
            self.loop.close()


_runners = []


def start_loop():
    runner = _Runner()
    runner.start()
    runner.ready.wait()
    _runners.append(runner)
    return runner.loop


def submit(loop, coro) -> Future:
    return asyncio.run_coroutine_threadsafe(coro, loop)


def stop_loop(loop):
    runner = next(r for r in _runners if r.loop is loop)
    _runners.remove(runner)

    async def shut_down():
        asyncio.get_running_loop().stop()

    asyncio.run_coroutine_threadsafe(shut_down(), loop)
    runner.join()
