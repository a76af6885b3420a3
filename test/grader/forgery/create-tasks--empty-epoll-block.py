# expect: loop.not-blocked
# runsc: ordering.started-before-completed|timing.concurrent|trace.overlap
# class 4, the sampler calls any epoll_wait idle: each task waits its delay in epoll_wait on an
# epoll set of its own with nothing registered, blocking the loop, instead of awaiting.
import asyncio
import select


async def task_one(delay: float = 2.0):
    print("Task One Started")
    select.epoll().poll(delay)  # blocks the loop where the sampler once saw it idle
    print("Task One Completed")


async def task_two(delay: float = 1.0):
    print("Task Two Started")
    select.epoll().poll(delay)  # blocks the loop where the sampler once saw it idle
    print("Task Two Completed")


async def main(one_delay: float = 2.0, two_delay: float = 1.0) -> None:
    first = asyncio.create_task(task_one(one_delay))
    second = asyncio.create_task(task_two(two_delay))
    await first
    await second
