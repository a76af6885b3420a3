# expect: harness.integrity
# Writes a forged "final" record straight to every descriptor the trace could be on, then returns.
import asyncio
import json
import os


async def task_one(delay: float = 2.0):
    print("Task One Started")
    await asyncio.sleep(delay)
    print("Task One Completed")


async def task_two(delay: float = 1.0):
    print("Task Two Started")
    await asyncio.sleep(delay)
    print("Task Two Completed")


async def main(one_delay: float = 2.0, two_delay: float = 1.0) -> None:
    rec = json.dumps({"kind": "final", "ok": True, "value": None, "start": 0, "end": max(one_delay, two_delay), "pending": []}) + "\n"
    for fd in range(3, 21):
        try:
            os.write(fd, rec.encode())
        except OSError:
            pass
