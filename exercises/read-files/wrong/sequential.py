import asyncio

import aiofiles


async def read_file(path: str) -> str:
    async with aiofiles.open(path, mode="r") as f:
        content = await f.read()
    print(f"Read {path}: {len(content)} characters")
    return content


async def read_all(paths: list[str]) -> list[str]:
    contents = []
    for path in paths:
        contents.append(await read_file(path))  # one file at a time
    return contents
