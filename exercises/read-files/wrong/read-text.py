import asyncio
from pathlib import Path


async def read_file(path: str) -> str:
    content = Path(path).read_text()  # synchronous: blocks the loop just like open()
    print(f"Read {path}: {len(content)} characters")
    return content


async def read_all(paths: list[str]) -> list[str]:
    return list(await asyncio.gather(*(read_file(p) for p in paths)))
