import asyncio

import aiofiles


async def read_file(path: str) -> str:
    async with aiofiles.open(path, mode="r") as f:
        content = await f.read()
    print(f"Read {path}: {len(content)} characters")
    return content


async def read_all(paths: list[str]) -> list[str]:
    # as_completed hands back the files in the order they finished reading
    return [await done for done in asyncio.as_completed([read_file(p) for p in paths])]
