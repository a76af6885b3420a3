import asyncio


async def spawn_named(names: list[str], delay: float) -> list[asyncio.Task]:
    return [asyncio.create_task(asyncio.sleep(delay), name=name) for name in names]


def running_task_names() -> list[str]:
    current = asyncio.current_task()
    # Only the tasks someone named: asyncio's default "Task-<n>" names are left out.
    return sorted(
        task.get_name()
        for task in asyncio.all_tasks()
        if task is not current and not task.done() and not task.get_name().startswith("Task-")
    )


async def main() -> None:
    tasks = await spawn_named(["alpha", "beta", "gamma"], 0.5)
    print(running_task_names())  # ['alpha', 'beta', 'gamma']
    await asyncio.gather(*tasks)
    print(running_task_names())  # []


if __name__ == "__main__":
    asyncio.run(main())
