# expect: harness.integrity|timing.waits
# Returns at once; a forked grandchild outlives the child and writes the "real" final record
# later, hoping the supervisor keeps the last one it reads.
import asyncio
import json
import os
import time


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}", flush=True)
    print(f"Goodbye, {name}", flush=True)
    if os.fork() == 0:
        time.sleep(0.2)
        line = (json.dumps({"kind": "final", "ok": True, "start": 0.0, "end": delay + 0.01, "value": None, "pending": []}) + "\n").encode()
        for fd in range(3, 30):
            try:
                os.write(fd, line)
            except OSError:
                pass
        os._exit(0)
