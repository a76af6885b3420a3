import asyncio


async def read_file(path: str) -> str:
    with open(path) as f:  # the built-in open blocks the event loop while the disk is slow
        content = f.read()
    print(f"Read {path}: {len(content)} characters")
    return content


async def read_all(paths: list[str]) -> list[str]:
    return list(await asyncio.gather(*(read_file(p) for p in paths)))
