import ctypes

async def greet(name, delay=1.0):
    ctypes.string_at(0)
