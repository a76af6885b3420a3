import os
import time

def _wait(seconds):
    """A plain timer future, so that the grader's own waiting leaves no sleep spans."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(seconds, lambda: fut.done() or fut.set_result(None))
    return fut


def _run_queue_wait():
    """Seconds this thread has waited for a CPU: lateness the machine's load explains."""
    try:
        fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        try:
            return int(os.read(fd, 100).split()[1]) / 1e9
        finally:
            os.close(fd)
    except (OSError, IndexError, ValueError):
        return 0.0


async def _heartbeat(h, interval=0.01):
    while True:
        w0 = _run_queue_wait()
        due = h.now() + interval
        await _wait(interval)
        now = h.now()
        h.emit("heartbeat", t=now, lag=max(0.0, now - due), wait=_run_queue_wait() - w0)


def make_work(args, h):
    cost, a, b, m = args["cost"], args["a"], args["b"], args["m"]

    def work(i):
        """A few milliseconds of this thread's CPU, then a value the student must add up."""
        start = time.thread_time()
        while time.thread_time() - start < cost:
            pass
        return (i * i * a + b) % m

    return work


async def run_entry(sol, args, h):
    work = make_work(args, h)
    beat = asyncio.create_task(_heartbeat(h), name="grader-heartbeat")
    await _wait(0.03)
    try:
        return await sol.crunch(args["n"], work)
    finally:
        await _wait(0.03)  # lets a tick held back by the last step of the student's code land
        beat.cancel()
        try:
            await beat
        except asyncio.CancelledError:
            pass
