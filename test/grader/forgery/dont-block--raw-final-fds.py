# expect: harness.integrity|loop.not-blocked
# Does the work on the loop's thread, then writes a forged final record (with the values it got)
# and forged worker-thread fetch records straight to every descriptor that might be the trace pipe.
import asyncio
import json
import os


async def process_all(keys, legacy_fetch, checksum):
    out = {key: checksum(legacy_fetch(key)) for key in keys}
    lines = [{"kind": "fetch", "key": k, "start": 0.0, "end": 0.4, "thread": 1, "on_loop": False} for k in keys]
    lines.append({"kind": "final", "ok": True, "value": out, "start": 0.0, "end": 0.45, "cpuWait": 0.0, "pending": []})
    data = "".join(json.dumps(x) + "\n" for x in lines).encode()
    for fd in range(3, 21):
        try:
            os.write(fd, data)
        except OSError:
            pass
    return out
