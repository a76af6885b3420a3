import time

def greet(name, delay=1.0):
    print(f"Hello, {name}")
    time.sleep(delay)
    print(f"Goodbye, {name}")
