# expect: loop.not-blocked
# runsc: ordering.hello-before-goodbye|timing.concurrent
# Blocks the loop with time.sleep, then reaches the runner through the patched asyncio.sleep's
# __globals__ and silences every record it would write, forging a span instead.
import asyncio
import time

G = getattr(asyncio.sleep, "__globals__", {})
if "emit" in G:
    real_emit = G["emit"]

    def quiet(kind, **data):
        if kind == "blocking":
            return None
        return real_emit(kind, **data)

    G["emit"] = quiet


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}")
    time.sleep(delay)
    print(f"Goodbye, {name}")


if __name__ == "__main__":
    asyncio.run(greet("Alice"))
