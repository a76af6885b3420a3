# expect: harness.integrity|returns.order
# Writes a forged final record at once to every descriptor that might be the trace pipe, with
# results guessed from the names, then runs the queries one after another anyway.
import asyncio
import json
import os


async def query_all(db_names, query_db, limit=None):
    guess = [f"{n}: 42 rows #000000" for n in db_names]
    line = (json.dumps({"kind": "final", "ok": True, "value": guess, "start": 0.0, "end": 1.0, "cpuWait": 0.0, "pending": []}) + "\n").encode()
    for fd in range(3, 21):
        try:
            os.write(fd, line)
        except OSError:
            pass
    return [await query_db(n) for n in db_names]
