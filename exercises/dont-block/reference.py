import asyncio


async def process_all(keys: list[str], legacy_fetch, checksum) -> dict[str, str]:
    async def one(key: str) -> str:
        data = await asyncio.to_thread(legacy_fetch, key)  # blocking I/O: in a worker thread
        return await asyncio.to_thread(checksum, data)  # CPU-bound work: off the loop as well

    sums = await asyncio.gather(*(one(key) for key in keys))
    return dict(zip(keys, sums))


if __name__ == "__main__":
    import hashlib
    import time

    def demo_fetch(key: str) -> str:
        time.sleep(0.5)
        return f"payload of {key}"

    def demo_checksum(data: str) -> str:
        return hashlib.sha256(data.encode()).hexdigest()[:8]

    print(asyncio.run(process_all(["a", "b", "c"], demo_fetch, demo_checksum)))
