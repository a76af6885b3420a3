"""The supervisor's program: started by grader/harness/boot.py in the container (`start`).

It starts the zygote before the payload arrives, says so on stderr (BOOTED), reads the payload,
runs the scenarios (side by side or one after another), writes the report and stays until the
worker removes the container."""
import asyncio
import ctypes
import json
import os
import signal
import sys
import time

from .census import Family, kill_strays
from .children import Zygote, libraries_for
from .report import BOOTED, REPORT_LINGER_S, report_line
from .scenario import run_scenario

PR_SET_DUMPABLE = 4


def make_undumpable():
    try:
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        sys.stderr.write(f"prctl failed: {exc}\n")


async def main():
    family = Family(await Zygote.start())
    # Started: the zygote has imported what every child needs. The worker's pool hands out only
    # containers that said so (their start costs no grading any CPU).
    os.write(2, BOOTED)
    payload = json.loads(await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read))
    scenarios = payload["scenarios"]
    if payload.get("sideBySide"):
        # Scenarios that only wait run at once, each in its own child: the longest sets the time.
        # Every child is forked before any starts, so that none starts late behind the others' forks.
        children = [await family.fork(payload["runner"], libraries_for(scenarios)) for _ in scenarios]
        results = await asyncio.gather(
            *(run_scenario(payload, s, i, family, c) for i, (s, c) in enumerate(zip(scenarios, children))))
    else:
        results = [await run_scenario(payload, s, i, family) for i, s in enumerate(scenarios)]
    os.write(1, report_line(payload["nonce"], results))
    # PID 1's exit tears the container down: work for the engine on the worker's cores, just as the
    # worker stores this verdict and tells the student (on 2 cores it cost the verdict ~20 ms). So
    # stay, with nothing else left running, until the worker removes the container a moment later,
    # or for REPORT_LINGER_S when nothing does.
    kill_strays()
    time.sleep(REPORT_LINGER_S)


def start():
    # As PID 1 the kernel only delivers signals we handle: ignore the ones Python would handle.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_IGN)
    make_undumpable()
    os.umask(0o077)
    asyncio.run(main())


if __name__ == "__main__":
    start()
