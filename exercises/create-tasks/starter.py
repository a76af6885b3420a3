import asyncio


async def task_one(delay: float = 2.0):
    ...


async def task_two(delay: float = 1.0):
    ...


async def main(one_delay: float = 2.0, two_delay: float = 1.0) -> None:
    # Create both tasks with asyncio.create_task, then wait for both.
    ...


if __name__ == "__main__":
    asyncio.run(main())
