import asyncio

import aiofiles


async def read_file(path: str) -> str:
    f = await aiofiles.open(path)
    try:
        content = "".join(await f.readlines())
    finally:
        await f.close()
    print(f"Read {path}: {len(content)} characters")
    return content


async def read_all(paths: list[str]) -> list[str]:
    tasks = [asyncio.create_task(read_file(p)) for p in paths]
    contents = []
    for task in tasks:
        contents.append(await task)
    return contents
