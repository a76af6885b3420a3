import ctypes
import os

PTRACE_ATTACH = 16


async def greet(name, delay=1.0):
    # Tracing a process of the harness (the parent) would let the submission rewrite it: forbidden.
    libc = ctypes.CDLL(None, use_errno=True)
    print("PTRACE", libc.ptrace(PTRACE_ATTACH, os.getppid(), 0, 0), ctypes.get_errno())
    print("Hello", name)
