async def _idle(h, seconds):
    await h.pause(seconds)


def _describe(task):
    if not isinstance(task, asyncio.Task):
        return {"type": type(task).__name__}
    return {"type": "Task", "name": task.get_name(), "done": task.done()}


async def inspect(sol, args, h):
    """Asks running_task_names() at known moments, with tasks of the grader's own running too.

    Each moment is reached by awaiting the event itself (never by guessing with a timer), so that
    a loaded machine cannot shift which tasks are still running.
    """
    delay = args["delay"]
    asyncio.current_task().set_name(args["main"])
    short = asyncio.create_task(_idle(h, 0.25 * delay), name=args["short"])
    long = asyncio.create_task(_idle(h, 2.5 * delay), name=args["long"])
    started = h.now()
    tasks = await sol.spawn_named(list(args["names"]), delay)
    returned_after = h.now() - started
    real = isinstance(tasks, (list, tuple)) and all(isinstance(t, asyncio.Task) for t in tasks)
    described = [_describe(t) for t in tasks] if isinstance(tasks, (list, tuple)) else None
    snapshots = {"start": sol.running_task_names()}
    await short  # the named tasks still sleep
    snapshots["middle"] = sol.running_task_names()
    if real and tasks:
        await asyncio.wait(tasks)  # `long` still runs
    else:
        await h.pause(1.2 * delay)
    snapshots["after"] = sol.running_task_names()

    async def probe():
        return sol.running_task_names()

    snapshots["probe"] = await asyncio.create_task(probe(), name=args["probe"])
    await long
    snapshots["end"] = sol.running_task_names()
    return {"returnedAfter": returned_after, "tasks": described, "snapshots": snapshots}
