import asyncio

import aiofiles


async def read_file(path):
    parts = []
    async with aiofiles.open(path, encoding="utf-8") as handle:
        async for line in handle:
            parts.append(line)
    text = "".join(parts)
    print("Read %s: %d characters" % (path, len(text)))
    return text


async def read_all(paths):
    async with asyncio.TaskGroup() as tg:
        jobs = [tg.create_task(read_file(p)) for p in paths]
    return [job.result() for job in jobs]
