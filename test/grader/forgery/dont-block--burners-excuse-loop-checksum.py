# expect: loop.not-blocked|loop.heartbeat|loop.cpu|calls.checksum|harness.integrity
# Computes every checksum on the loop's thread (blocking it), while two threads burn CPU outside the
# GIL (hashlib over large buffers): the loop's thread waits for a CPU, and that wait, counted as the
# machine's load, would excuse the heartbeat's gaps; the burners' CPU, spent by threads other than
# the loop's, would pass for checksums computed in workers.
import asyncio
import hashlib
import threading

_stop = threading.Event()


def _burn():
    block = b"x" * (8 << 20)
    while not _stop.is_set():
        hashlib.sha256(block).digest()


async def process_all(keys, legacy_fetch, checksum):
    burners = [threading.Thread(target=_burn, daemon=True) for _ in range(3)]
    for b in burners:
        b.start()
    try:

        async def one(key):
            data = await asyncio.to_thread(legacy_fetch, key)
            return checksum(data)

        sums = await asyncio.gather(*(one(key) for key in keys))
        return dict(zip(keys, sums))
    finally:
        _stop.set()
