import asyncio


async def spawn_named(names: list[str], delay: float) -> list[asyncio.Task]:
    # Start one task per name that sleeps `delay` seconds; give each task that name.
    # Return the tasks at once, while they are still sleeping.
    ...


def running_task_names() -> list[str]:
    # Called from inside the event loop: the sorted names of every unfinished task,
    # except the task that is calling this function.
    ...


async def main() -> None:
    tasks = await spawn_named(["alpha", "beta", "gamma"], 0.5)
    print(running_task_names())  # ['alpha', 'beta', 'gamma']
    await asyncio.gather(*tasks)
    print(running_task_names())  # []


if __name__ == "__main__":
    asyncio.run(main())
