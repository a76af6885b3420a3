async def _idle(pause, seconds):
    await pause(seconds)


def _describe(task):
    if not isinstance(task, asyncio.Task):
        return {"type": type(task).__name__}
    return {"type": "Task", "name": task.get_name(), "done": task.done()}


async def inspect(sol, args, h):
    """Asks running_task_names() at known moments, with tasks of the grader's own running too.

    The names (yours and the grader's tasks') come from the grader's service outside your process,
    and the driver reports to it when spawn_named returned and when your tasks had finished, so
    those moments are timed by the grader's own clock.

    Each moment is reached by awaiting the event itself (never by guessing with a timer), so that
    a loaded machine cannot shift which tasks are still running.
    """
    op, pause = h.op, h.pause  # held before any of your code runs
    delay = args["delay"]
    given = await op("names", "inspect")
    asyncio.current_task().set_name(given["main"])
    short = asyncio.create_task(_idle(pause, 0.25 * delay), name=given["short"])
    long = asyncio.create_task(_idle(pause, 2.5 * delay), name=given["long"])
    # Unnamed: asyncio calls it Task-<n>. Code that lists only named tasks leaves it out.
    anonymous = asyncio.create_task(_idle(pause, 2.5 * delay))
    started = h.now()
    tasks = await sol.spawn_named(list(given["names"]), delay)
    returned_after = h.now() - started
    await op("mark", "returned")
    real = isinstance(tasks, (list, tuple)) and all(isinstance(t, asyncio.Task) for t in tasks)
    described = [_describe(t) for t in tasks] if isinstance(tasks, (list, tuple)) else None
    snapshots = {"start": sol.running_task_names()}
    await short  # the named tasks still sleep
    snapshots["middle"] = sol.running_task_names()
    if real and tasks:
        await asyncio.wait(tasks)  # `long` still runs
        await op("mark", "tasks-done")
    else:
        await pause(1.2 * delay)
    snapshots["after"] = sol.running_task_names()

    async def probe():
        return sol.running_task_names()

    snapshots["probe"] = await asyncio.create_task(probe(), name=given["probe"])
    await long
    await anonymous
    snapshots["end"] = sol.running_task_names()
    return {"returnedAfter": returned_after, "tasks": described, "snapshots": snapshots,
            "anonymous": anonymous.get_name()}
