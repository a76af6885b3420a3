"""PID 1's clock: what a child is charged for. Time spent waiting for a CPU on a loaded machine
is not the student's; CPU the container itself burned always is (a fork bomb competing with itself
gets no discount); a hard cap of 4x the scenario's limit bounds the discount."""
import asyncio
import time

from .cgroup import container_cpu_seconds

# How often the limit is looked at while the child runs.
POLL = 0.25


def run_queue_wait(pid):
    """Seconds the process's main thread (`pid`, or "self") spent runnable but waiting for a CPU."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def charged(wall, queue_wait, burned):
    """Seconds charged after `wall` seconds of which the child's main thread waited `queue_wait`
    for a CPU, while the container burned `burned` seconds of CPU."""
    return max(wall - queue_wait, burned)


def over_limit(limit, wall, charged_s):
    return charged_s > limit or wall > 4 * limit


async def wait_within_limit(proc, limit, started):
    """Waits for the child; True if it ended within its limit, False once it is over."""
    cpu_start = container_cpu_seconds()
    while True:
        try:
            await asyncio.wait_for(asyncio.shield(proc.wait()), timeout=POLL)
            return True
        except asyncio.TimeoutError:
            pass
        wall = time.monotonic() - started
        cpu_now = container_cpu_seconds()
        burned = cpu_now - cpu_start if cpu_now is not None and cpu_start is not None else 0.0
        if over_limit(limit, wall, charged(wall, run_queue_wait(proc.pid), burned)):
            return False
