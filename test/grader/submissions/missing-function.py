import asyncio

async def greeting(name, delay=1.0):
    print(f"Hello, {name}")
