import asyncio

import aiofiles


async def read_file(path: str) -> str:
    # Read the whole file with aiofiles, print "Read {path}: {n} characters", return the text.
    ...


async def read_all(paths: list[str]) -> list[str]:
    # Read every file concurrently; return the contents in the order of `paths`.
    ...


if __name__ == "__main__":
    asyncio.run(read_all(["notes.txt", "todo.txt"]))
