import asyncio


async def crunch(n: int, work) -> int:
    # Return work(0) + work(1) + ... + work(n - 1).
    # Each call computes for a few milliseconds without ever awaiting: give the event loop a
    # chance to run other tasks between calls.
    ...


if __name__ == "__main__":
    def slow_square(i: int) -> int:
        sum(range(20_000))
        return i * i

    print(asyncio.run(crunch(100, slow_square)))
