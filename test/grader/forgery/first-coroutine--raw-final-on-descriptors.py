# expect: harness.integrity
# Writes a forged final record (ok, long elapsed) to every descriptor that might be the trace pipe,
# before doing anything, then carries on without waiting.
import asyncio
import json
import os

FORGED = (json.dumps({"kind": "final", "ok": True, "start": 0.0, "end": 5.0, "value": None, "pending": []}) + "\n").encode()


async def greet(name: str, delay: float = 1.0) -> None:
    for fd in range(3, 30):
        try:
            os.write(fd, FORGED)
        except OSError:
            pass
    print(f"Hello, {name}")
    await asyncio.sleep(0)
    print(f"Goodbye, {name}")
