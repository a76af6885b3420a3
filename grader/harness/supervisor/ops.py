"""Grader-supplied operations (`h.op(name, arg)` in a driver), served by PID 1 on a unix socket.

The protocol: the caller writes one JSON object per line, {"op": name, "arg": any JSON value}, and
reads one JSON line back, {"result": value} or {"error": text}. A line that is not such an object
ends the connection (no reply). The answer of each call is the scenario's hidden table's, keyed by
name then by argument (a string as it is, any other value as its JSON), after its hidden delay; an
unknown call is answered with an error and recorded as unknown."""
import asyncio
import json
import os
import socket
import struct
import time


def parse_request(raw):
    """One request line as (op, arg), or None if it is not a request: not JSON, not an object, or
    without an "op"."""
    try:
        request = json.loads(raw)
        return str(request["op"]), request.get("arg")
    except (ValueError, KeyError, TypeError):
        return None


def lookup(table, op, arg):
    """The hidden entry ({delay, result} or {delay, error}) of one call, or None if it is unknown."""
    return (table.get(op) or {}).get(json.dumps(arg) if not isinstance(arg, str) else arg)


def reply_for(entry, op, arg):
    """The answer to one call, its entry's delay already waited."""
    if entry is None:
        return {"error": f"unknown {op}({arg!r})"}
    return {"error": entry["error"]} if "error" in entry else {"result": entry.get("result")}


class OpsServer:
    """Grader-supplied operations, served here, outside the student's process.

    The child's `query_db`, `process`, `legacy_fetch`, ... send one JSON line per call on a unix
    socket; the hidden delay and result of each call live only in this process. So how many calls
    were in flight, in which order and for how long is seen from outside, and a result the
    submission returns can only have come from a real call."""

    def __init__(self, table, path, mark=None):
        self.table = table
        self.path = path
        self.mark = mark  # read as each call is answered: the child's main thread's write calls (gVisor)
        self.calls = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.server = None

    async def start(self):
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        self.server = await asyncio.start_unix_server(self.handle, self.path, limit=1 << 16)

    async def handle(self, reader, writer):
        try:  # which process is calling: a forked grandchild is not the program being graded
            sock = writer.get_extra_info("socket")
            cred = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            peer = struct.unpack("3i", cred)[0]
            # gVisor (runsc) answers with the listener's pid, ours: who called is then unknown, and
            # only the process census (otherProcesses) tells a grandchild apart.
            peer = None if peer == os.getpid() else peer
        except (OSError, AttributeError):
            peer = None
        try:
            while len(self.calls) < 20000:
                raw = await reader.readline()
                if not raw:
                    break
                request = parse_request(raw)
                if request is None:
                    break
                op, arg = request
                entry = lookup(self.table, op, arg)
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                call = {"op": op, "arg": arg, "start": time.monotonic(), "end": None,
                        "in_flight": self.in_flight, "known": entry is not None, "pid": peer}
                self.calls.append(call)
                try:
                    if entry is not None:
                        await asyncio.sleep(entry.get("delay", 0))
                    reply = reply_for(entry, op, arg)
                    if self.mark:
                        # Read as the answer goes out: the caller cannot have sent its next request
                        # yet, and its write of this one (before the delay) is surely counted.
                        call["mainWrites"] = self.mark()
                    writer.write(json.dumps(reply).encode() + b"\n")
                    await writer.drain()
                finally:
                    self.in_flight -= 1
                    call["end"] = time.monotonic()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def close(self):
        if self.server:
            self.server.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def report(self):
        return {"calls": self.calls[:5000], "max_in_flight": self.max_in_flight}
