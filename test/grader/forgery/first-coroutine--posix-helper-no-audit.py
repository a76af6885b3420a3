# expect: code.runs|harness.integrity
# class 6, a second process: greet returns at once and starts a helper through _posixsubprocess
# (which raises no audit event of its own), which prints "Goodbye" after the delay.
import _posixsubprocess
import os
import sys


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}", flush=True)
    args = [sys.executable, "-c", f"import time; time.sleep({delay}); print('Goodbye, {name}')"]
    errpipe_read, errpipe_write = os.pipe()
    _posixsubprocess.fork_exec(  # CPython 3.11's 23 arguments
        args, [os.fsencode(sys.executable)], True, (), None, None, -1, -1, -1, -1, -1, -1,
        errpipe_read, errpipe_write, False, False, -1, None, None, None, -1, None, False)
