import os

async def greet(name, delay=1.0):
    print(f"Hello, {name}")
    for fd in range(0, 256):
        try:
            os.close(fd)
        except OSError:
            pass
