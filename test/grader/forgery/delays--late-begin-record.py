# expect: timing.lines|harness.integrity|code.runs
# Waits half a second before greeting anyone, and hides it: finds the runner's trace writer with gc,
# drops its "begin" record and writes its own just before the first line, so that "right at the
# start" would be counted from there.
import asyncio
import gc
import json
import time

for obj in gc.get_objects():
    if isinstance(obj, dict) and "emit" in obj and "_trace_fd" in obj:
        runner = obj
        real = obj["emit"]
        obj["emit"] = lambda kind, _r=real, **d: None if kind == "begin" else _r(kind, **d)


async def delayed_greet(name: str, delay: float) -> None:
    print(f"{name} is waiting {delay} seconds...")
    await asyncio.sleep(delay)
    print(f"Hello, {name}!")


async def greet_all(people: list[tuple[str, float]]) -> None:
    await asyncio.sleep(0.5)
    runner["_write"](runner["_trace_fd"], (json.dumps({"t": time.monotonic(), "kind": "begin"}) + "\n").encode())
    await asyncio.gather(*(delayed_greet(name, delay) for name, delay in people))
