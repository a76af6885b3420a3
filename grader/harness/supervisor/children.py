"""How PID 1 gets its children: its side of the zygote (supervisor/zygote.py, a program of its own,
started before the payload arrives), which forks one child per scenario, and the forked child,
shaped like an asyncio subprocess for ScenarioSupervision."""
import asyncio
import json
import os
import signal
import socket
import sys

from . import harness_file
from .proc import zombie

CHILD_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}


def libraries_for(scenarios):
    """What a scenario's child needs imported ahead: aiohttp where it serves pages, aiofiles
    where it hands out files."""
    wanted = []
    if any(s.get("http") for s in scenarios):
        wanted.append("aiohttp")
    if any(s.get("files") for s in scenarios):
        wanted += ["aiofiles", "aiofiles.threadpool"]
    return wanted


class Zygote:
    """The supervisor's side of the zygote: asks it for children and learns how each one ended."""

    @classmethod
    async def start(cls):
        self = cls()
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        source = harness_file("supervisor/zygote.py")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-I", "-u", "-X", "utf8", "-c", source, str(theirs.fileno()),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),), cwd="/tmp", start_new_session=True, env=CHILD_ENV)
        theirs.close()
        self.sock.setblocking(False)
        self.exits = {}  # pid -> future of its exit code
        self.replies = asyncio.Queue()
        self.runner_sent = False
        self.forking = asyncio.Lock()
        self.listening = asyncio.ensure_future(self.listen())
        try:
            ready = await asyncio.wait_for(self.replies.get(), timeout=30)
        except asyncio.TimeoutError:
            ready = None
        if not ready:  # no word in 30 s, or it died on the way: say so rather than fork from nothing
            if self.proc.returncode is None:
                self.proc.kill()
            raise RuntimeError("the harness's zygote did not start (30 s, or it exited first)")
        return self

    async def listen(self):
        loop = asyncio.get_running_loop()
        try:
            while True:
                message = await loop.sock_recv(self.sock, 4096)
                if not message:
                    break
                event = json.loads(message)
                if "exit" in event:
                    self.exit_of(event["exit"]).set_result(event["code"])
                else:
                    await self.replies.put(event)
        except (OSError, ValueError):
            pass
        # The zygote is gone (a submission killed it): no child's exit will be reported by it.
        for future in self.exits.values():
            if not future.done():
                future.set_result(None)
        await self.replies.put({})

    def exit_of(self, pid):
        return self.exits.setdefault(pid, asyncio.get_running_loop().create_future())

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.returncode is None and not self.listening.done()

    async def fork(self, runner, libraries=()):
        """A new child, waiting for its scenario on stdin, or None if the zygote does not answer.
        The libraries a scenario needs are imported by the zygote first, before the child's clock."""
        pipes = [os.pipe() for _ in range(4)]  # stdin, stdout, stderr, trace
        theirs = [pipes[0][0], pipes[1][1], pipes[2][1], pipes[3][1]]
        # One fork at a time: each reply is the pid of the child that got this request's pipes.
        async with self.forking:
            request = {"libraries": list(libraries)}
            if not self.runner_sent:
                request["runner"] = runner
            try:
                socket.send_fds(self.sock, [json.dumps(request).encode()], theirs)
                self.runner_sent = True
                reply = await asyncio.wait_for(self.replies.get(), timeout=5)
            except (OSError, asyncio.TimeoutError):
                reply = {}
            finally:
                for fd in theirs:
                    os.close(fd)
        if "pid" not in reply:
            for fd in (pipes[0][1], pipes[1][0], pipes[2][0], pipes[3][0]):
                os.close(fd)
            return None
        return await ForkedChild.attach(self, reply["pid"], pipes)

    async def close(self):
        self.sock.close()
        if self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        await self.proc.wait()


class ForkedChild:
    """A child forked by the zygote, shaped like an asyncio subprocess for ScenarioSupervision."""

    @classmethod
    async def attach(cls, zygote, pid, pipes):
        self = cls()
        loop = asyncio.get_running_loop()
        self.pid, self.zygote, self.returncode, self.launcher_lost = pid, zygote, None, False
        self.exit = zygote.exit_of(pid)
        self.trace_r = pipes[3][0]
        self.stdout, self.stderr = asyncio.StreamReader(), asyncio.StreamReader()
        for reader, fd in ((self.stdout, pipes[1][0]), (self.stderr, pipes[2][0])):
            await loop.connect_read_pipe(lambda r=reader: asyncio.StreamReaderProtocol(r), os.fdopen(fd, "rb"))
        transport, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, os.fdopen(pipes[0][1], "wb"))
        self.stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return self

    async def wait(self):
        if self.returncode is None:
            code = await asyncio.shield(self.exit)
            if code is None:  # the zygote died first: wait for the orphan to go, its code unknown
                self.launcher_lost = True
                while os.path.exists(f"/proc/{self.pid}") and not zombie(self.pid):
                    await asyncio.sleep(0.01)
                code = -signal.SIGKILL
            self.returncode = code
        return self.returncode
