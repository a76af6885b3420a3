# expect: output.lines
import asyncio

import aiofiles


async def read_file(path):
    async with aiofiles.open(path, mode="rb") as f:
        raw = await f.read()
    print(f"Read {path}: {len(raw)} characters")  # bytes, not characters
    return raw.decode("utf-8")


async def read_all(paths):
    return list(await asyncio.gather(*(read_file(p) for p in paths)))
