# expect: harness.integrity
# class 1, marks are claims: one coroutine, no tasks; it finds the driver's `h` up its frames and
# calls the grader's own `op` with a caller check of its own (op's keyword-only `_check`), sending
# the begin/end marks the driver's wrappers would have sent, so that they overlap.
import asyncio
import sys


def _harness():
    frame = sys._getframe()
    while frame is not None:
        h = frame.f_locals.get("h")
        if h is not None and hasattr(h, "op"):
            return h
        frame = frame.f_back
    return None


async def _marks(h, *labels):
    for label in labels:
        await h.op("mark", label, _check=lambda *_: None)


async def task_one(delay: float = 2.0):
    print("Task One Started")
    await asyncio.sleep(delay)
    print("Task One Completed")


async def task_two(delay: float = 1.0):
    print("Task Two Started")
    await asyncio.sleep(delay)
    print("Task Two Completed")


async def main(one_delay: float = 2.0, two_delay: float = 1.0) -> None:
    h = _harness()
    if h is not None:
        await _marks(h, "one:begin", "two:begin")
    print("Task One Started")
    print("Task Two Started")
    (d1, l1), (d2, l2) = sorted([(one_delay, "Task One Completed"), (two_delay, "Task Two Completed")])
    await asyncio.sleep(d1)
    print(l1)
    await asyncio.sleep(d2 - d1)
    print(l2)
    if h is not None:
        await _marks(h, "one:end", "two:end")


if __name__ == "__main__":
    asyncio.run(main())
