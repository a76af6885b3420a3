import asyncio


async def announce(label: str, delay: float) -> None:
    print(f"Task {label} Started")
    await asyncio.sleep(delay)
    print(f"Task {label} Completed")


async def task_one(delay: float = 2.0):
    await announce("One", delay)


async def task_two(delay: float = 1.0):
    await announce("Two", delay)


async def main(one_delay: float = 2.0, two_delay: float = 1.0) -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(task_one(one_delay))
        group.create_task(task_two(two_delay))


if __name__ == "__main__":
    asyncio.run(main())
