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
    first = asyncio.create_task(task_one(one_delay))
    second = asyncio.create_task(task_two(two_delay))
    await first
    await second


if __name__ == "__main__":
    main()  # creates the coroutine and drops it: nothing runs
