async def structure(sol, args, h):
    """main with the grader's own task_one and task_two: each waits in the grader's service
    (outside your process), so the grader sees whether main ran them at the same time."""

    async def task_one(delay=2.0):
        print("Task One Started")
        await h.op("task_one", "run")
        print("Task One Completed")

    async def task_two(delay=1.0):
        print("Task Two Started")
        await h.op("task_two", "run")
        print("Task Two Completed")

    sol.task_one = task_one
    sol.task_two = task_two
    return await sol.main(**args["kwargs"])
