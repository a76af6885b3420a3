# expect: trace.overlap|harness.integrity|code.runs
# One coroutine prints the right lines at the right moments with no tasks at all (issue 14),
# and rewrites its own trace through the runner's globals if it can find them.
import asyncio
import gc


def _scrub():
    for o in gc.get_objects():
        if isinstance(o, dict) and "emit" in o and "SCENARIO" in o:
            o["emit"] = lambda kind, **data: None


async def task_one(delay: float = 2.0):
    print("Task One Started")
    await asyncio.sleep(delay)
    print("Task One Completed")


async def task_two(delay: float = 1.0):
    print("Task Two Started")
    await asyncio.sleep(delay)
    print("Task Two Completed")


async def main(one_delay: float = 2.0, two_delay: float = 1.0) -> None:
    print("Task One Started")
    print("Task Two Started")
    first, second = sorted([(one_delay, "Task One Completed"), (two_delay, "Task Two Completed")])
    await asyncio.sleep(first[0])
    print(first[1])
    await asyncio.sleep(second[0] - first[0])
    print(second[1])
