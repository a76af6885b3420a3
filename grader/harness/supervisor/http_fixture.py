"""The pages a scenario serves (`http` in its spec), from PID 1: a tiny HTTP/1.1 server with per-path
delays that records every request it serves. Page bodies never reach the child."""
import asyncio
import time


class HttpFixture:
    """A tiny HTTP/1.1 server with per-path delays that records every request it serves."""

    def __init__(self, routes):
        self.routes = routes
        self.events = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.server = None
        self.base = ""

    async def start(self):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"

    async def handle(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
                parts = request_line.split(" ")
                path = parts[1] if len(parts) > 1 else "/"
                route = self.routes.get(path)
                start = time.monotonic()
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                agent = next((h.split(b":", 1)[1].strip().decode("latin-1")[:100]
                              for h in head.split(b"\r\n")[1:] if h.lower().startswith(b"user-agent:")), "")
                event = {"path": path[:300], "start": start, "end": None, "status": 200 if route else 404,
                         "in_flight": self.in_flight, "agent": agent,
                         "peer": writer.get_extra_info("peername")[1]}
                if len(self.events) < 2000:
                    self.events.append(event)
                try:
                    if route:
                        await asyncio.sleep(route.get("delay", 0))
                        body = route["body"].replace("$BASE", self.base).encode()
                        ctype = route.get("type", "text/plain; charset=utf-8")
                        status = "200 OK"
                    else:
                        body, ctype, status = b"not found", "text/plain", "404 Not Found"
                    writer.write(
                        f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                    await writer.drain()
                finally:
                    self.in_flight -= 1
                    event["end"] = time.monotonic()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def report(self):
        return {"base": self.base, "requests": self.events, "max_in_flight": self.max_in_flight}
