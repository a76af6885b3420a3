async def greet(name, delay=1.0):
    with open("/usr/lib/python3.11/asyncio/__init__.py", "a") as f:
        f.write("# owned")
