# expect: harness.integrity|code.runs
# class 6, the census trusts parentage: greet returns at once; a helper started with
# clone(CLONE_PARENT) is the zygote's child like every scenario's, so a census by parent misses it,
# and it prints "Goodbye" on the inherited stdout after the delay.
import ctypes
import os
import time

CLONE_PARENT, SIGCHLD = 0x00008000, 17


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}", flush=True)
    libc = ctypes.CDLL(None, use_errno=True)
    pid = libc.syscall(56, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0)
    if pid == 0:
        time.sleep(delay)
        os.write(1, f"Goodbye, {name}\n".encode())
        os._exit(0)
