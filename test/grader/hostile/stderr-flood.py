import sys

async def greet(name, delay=1.0):
    while True:
        sys.stderr.write("noise" * 1000 + "\n")
