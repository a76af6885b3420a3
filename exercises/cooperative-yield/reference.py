import asyncio


async def crunch(n: int, work) -> int:
    total = 0
    for i in range(n):
        total += work(i)
        await asyncio.sleep(0)  # let every other ready task run before the next call
    return total


if __name__ == "__main__":
    def slow_square(i: int) -> int:
        sum(range(20_000))
        return i * i

    print(asyncio.run(crunch(100, slow_square)))
