import asyncio
# café in latin-1
