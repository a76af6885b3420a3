"""Sequential, blocking greet that tries to look concurrent by patching time and asyncio."""
import asyncio, time, importlib

_real = time.monotonic
_skew = [0.0]
time.monotonic = lambda: _real() - _skew[0]
importlib.reload(time)

async def greet(name, delay=1.0):
    print(f"Hello, {name}")
    time.sleep(delay)
    _skew[0] += delay
    print(f"Goodbye, {name}")
