# expect: tasks.returned-at-once|harness.integrity
# class 2, the driver's marks travel through names the submission can rebind: start_fetches awaits
# every fetch before returning (the sequential twin), after rebinding asyncio.open_unix_connection
# so that it learns the grader's socket from the driver's first fetch, sends the "returned" mark
# itself at once, and swallows the driver's own (late) mark.
import asyncio
import json

_real_open = asyncio.open_unix_connection
_state = {"path": None, "early": False}


class _Sink:
    def write(self, data):
        pass

    async def drain(self):
        pass

    def close(self):
        pass

    def get_extra_info(self, name, default=None):
        return default


async def _open(path, *args, **kwargs):
    _state["path"] = path
    if _state["early"]:
        reader = asyncio.StreamReader()
        reader.feed_data(b'{"result": null}\n')
        reader.feed_eof()
        return reader, _Sink()
    return await _real_open(path, *args, **kwargs)


asyncio.open_unix_connection = _open


async def fetch_data(key: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"Data:{key}"


async def start_fetches(keys: list[str], delay: float) -> list[asyncio.Task]:
    tasks = [asyncio.create_task(fetch_data(key, delay)) for key in keys]
    await asyncio.sleep(0.01)
    if _state["path"]:
        reader, writer = await _real_open(_state["path"])
        writer.write((json.dumps({"op": "mark", "arg": "returned"}) + "\n").encode())
        await writer.drain()
        await reader.readline()
        writer.close()
        _state["early"] = True
    for task in tasks:
        await task
    return tasks


async def collect(tasks: list[asyncio.Task]) -> list[str]:
    return [await task for task in tasks]
