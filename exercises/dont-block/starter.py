import asyncio


async def process_all(keys: list[str], legacy_fetch, checksum) -> dict[str, str]:
    # legacy_fetch(key) blocks (it sleeps); checksum(data) burns CPU. Neither may run on the
    # event loop's thread: hand them to worker threads with `await asyncio.to_thread(fn, arg)`
    # (or loop.run_in_executor), for all keys at the same time.
    # Return {key: checksum(legacy_fetch(key))}.
    ...


if __name__ == "__main__":
    import hashlib
    import time

    def demo_fetch(key: str) -> str:
        time.sleep(0.5)
        return f"payload of {key}"

    def demo_checksum(data: str) -> str:
        return hashlib.sha256(data.encode()).hexdigest()[:8]

    print(asyncio.run(process_all(["a", "b", "c"], demo_fetch, demo_checksum)))
