import asyncio
raise RuntimeError("boom at import")
