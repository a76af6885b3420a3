"""The census: the harness's own processes, by a ledger of the pids the zygote forked (never by
parentage), and the killing of every other one, a submission's strays."""
import asyncio
import os
import signal
import time

from .children import Zygote
from .proc import zombie


class Family:
    """The harness's own processes: PID 1, the zygote and the children it forked (one per
    scenario). Anything else is a submission's stray."""

    def __init__(self, zygote):
        self.zygote = zygote
        self.replacing = asyncio.Lock()
        # The pids the zygote said it forked for a scenario: the census is by this ledger, never by
        # parentage, which a clone(CLONE_PARENT) helper shares with the children.
        self.children = set()

    def ours(self, pid):
        return pid in (1, os.getpid(), self.zygote.pid) or pid in self.children

    async def fork(self, runner, libraries):
        """A child for one scenario. A submission may have stopped or killed the zygote: then a
        new one is started (off every clock: no scenario of it is running yet), once."""
        child = await self.zygote.fork(runner, libraries) if self.zygote.alive() else None
        if child is None:
            async with self.replacing:
                if not self.zygote.alive() or (child := await self.zygote.fork(runner, libraries)) is None:
                    await self.zygote.close()
                    self.zygote = await Zygote.start()
                    child = await self.zygote.fork(runner, libraries)
        if child is None:
            raise RuntimeError("the zygote forks no child")
        self.children.add(child.pid)
        return child


def kill_strays(family=None):
    """Kill every process of ours but PID 1 and the harness's own (the zygote and the children it
    forked), and reap them. Without a family, one kill(-1) does it at once; with one, passes over
    /proc until no live stray is left (a fork bomb is bounded by the pids limit), and returns the
    strays it found: a process that outlived its scenario's child is evidence however short-lived
    it was before (the sampler's census may have missed it)."""
    if family is None:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        while reap_finished() is not None:
            time.sleep(0.01)
        return set()
    found = set()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        live = [pid for pid in (int(p) for p in os.listdir("/proc") if p.isdigit())
                if not family.ours(pid) and not zombie(pid)]
        if not live:
            break
        found.update(live)
        for pid in live:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        reap_finished()
        time.sleep(0.002)
    reap_finished()
    return found


def reap_finished():
    """Reaps every child of ours that has ended; None once no child is left at all."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return None
        if pid == 0:
            return 0
