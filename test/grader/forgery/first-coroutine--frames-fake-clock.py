# expect: timing.waits
# Never waits; walks the frames up to the runner and replaces its clock so that the inside record
# of the call claims the delay was spent.
import asyncio
import sys
import time

_fake = [0.0]


def _clock():
    _fake[0] += 0.4
    return time.perf_counter() + _fake[0]


f = sys._getframe()
while f is not None:
    if "_monotonic" in f.f_globals:
        f.f_globals["_monotonic"] = _clock
    f = f.f_back
time.monotonic = _clock


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}")
    print(f"Goodbye, {name}")


if __name__ == "__main__":
    asyncio.run(greet("Alice"))
