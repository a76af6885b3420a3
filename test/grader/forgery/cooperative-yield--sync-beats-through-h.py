# expect: loop.heartbeat|harness.integrity|code.runs
# class 7, beats sent by the loop's thread itself: never yields; between work calls it sends the
# grader's next beat synchronously, through the driver's own `h` (reached by walking its frames)
# and the numbers read from the grader's heartbeat task, so the supervisor sees beats in turn.
import asyncio
import sys


def _harness():
    frame = sys._getframe()
    while frame is not None:
        h = frame.f_locals.get("h")
        if h is not None and hasattr(h, "op_blocking"):
            return h
        frame = frame.f_back
    return None


async def crunch(n, work):
    h = _harness()
    beat = next((t for t in asyncio.all_tasks() if t.get_name() == "grader-heartbeat"), None)
    if beat is not None:
        beat.cancel()
    total, number = 0, 1
    for i in range(n):
        total += work(i)
        if h is not None:
            try:
                h.op_blocking("beat", number)
                number += 1
            except Exception:  # noqa: BLE001 - keep going, as a forger would
                pass
    return total
