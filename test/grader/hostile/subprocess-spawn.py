import subprocess

async def greet(name, delay=1.0):
    out = subprocess.run(["sh", "-c", "id; ls /; sleep 100 &"], capture_output=True, text=True, timeout=5)
    print(f"Hello, {name}")
    print(out.stdout[:200])
