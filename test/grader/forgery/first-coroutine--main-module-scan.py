# expect: timing.waits
# Looks for the runner's state through __main__ and sys.modules, rewrites whatever it finds, and
# never waits.
import asyncio
import sys

import __main__

for holder in [vars(__main__), *[vars(m) for m in list(sys.modules.values()) if hasattr(m, "__dict__")]]:
    for key, value in list(holder.items()):
        if isinstance(value, dict) and "emit" in value:
            value["emit"] = lambda *a, **k: None


async def greet(name: str, delay: float = 1.0) -> None:
    print(f"Hello, {name}")
    print(f"Goodbye, {name}")
