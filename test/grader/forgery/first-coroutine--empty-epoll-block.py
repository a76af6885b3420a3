# expect: loop.not-blocked
# runsc: ordering.hello-before-goodbye|timing.concurrent
# class 4, the sampler calls any epoll_wait idle: the loop's thread blocks for the whole delay in
# epoll_wait on an epoll set of its own with nothing registered, instead of awaiting.
import select


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}", flush=True)
    select.epoll().poll(delay)
    print(f"Goodbye, {name}", flush=True)
