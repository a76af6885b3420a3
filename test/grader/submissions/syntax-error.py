import asyncio

async def greet(name, delay=1.0)
    print(f"Hello, {name}")
