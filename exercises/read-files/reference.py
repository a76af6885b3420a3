import asyncio

import aiofiles


async def read_file(path: str) -> str:
    # aiofiles runs the blocking open/read in a worker thread: the event loop stays free.
    async with aiofiles.open(path, mode="r") as f:
        content = await f.read()
    print(f"Read {path}: {len(content)} characters")
    return content


async def read_all(paths: list[str]) -> list[str]:
    return list(await asyncio.gather(*(read_file(p) for p in paths)))


if __name__ == "__main__":
    asyncio.run(read_all(["notes.txt", "todo.txt"]))
