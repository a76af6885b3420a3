# expect: loop.not-blocked
# Calls legacy_fetch and checksum right on the loop, then hides it: through asyncio.sleep's
# __globals__ (the runner's, which patched it) it replaces the trace writer with one that drops
# blocking records, slow loop steps and spans, forges overlapping "fetch" records in worker
# threads, and fakes time.monotonic so that every measured step looks instant.
import asyncio
import time

G = asyncio.sleep.__globals__
_real_emit = G.get("emit")
_clock = [time.monotonic()]


def _fake():
    _clock[0] += 0.0001
    return _clock[0]


def _filtered(kind, **data):
    if kind in ("blocking", "loop-step", "span", "heartbeat"):
        return None
    return _real_emit(kind, **data)


async def process_all(keys, legacy_fetch, checksum):
    if _real_emit:
        G["emit"] = _filtered
        G["_monotonic"] = _fake
    time.monotonic = _fake
    out = {key: checksum(legacy_fetch(key)) for key in keys}
    if _real_emit:
        for key in keys:
            _real_emit("fetch", key=key, start=0.0, end=0.4, thread=1, on_loop=False)
            _real_emit("span", op="legacy_fetch", arg=key, task=None, fn="process_all", start=0.0, end=0.4, thread=False)
    return out
