# expect: harness.integrity|loop.heartbeat
# Never yields to the loop; a forked grandchild (invisible to a sampler that watches the child's
# threads) plays the grader's heartbeat on the service socket while work runs on the loop,
# numbering its beats from where the grader's own heartbeat task stood (read from its frame via gc).
import asyncio
import glob
import json
import os
import signal
import socket
import time


def _head():
    import gc
    for obj in gc.get_objects():
        if type(obj).__name__ == "coroutine" and obj.__name__ == "_beat" and obj.cr_frame is not None:
            return obj.cr_frame.f_locals.get("i", 0) + 1
    return 0


def _beats():
    i = _head()
    paths = glob.glob("/tmp/grader-ops-*.sock")
    deadline = time.monotonic() + 3
    while paths and time.monotonic() < deadline:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.connect(paths[0])
                s.sendall((json.dumps({"op": "beat", "arg": i}) + "\n").encode())
                s.recv(4096)
                i += 1
        except OSError:
            pass
        time.sleep(0.005)
    os._exit(0)


async def crunch(n, work):
    pid = os.fork()
    if pid == 0:
        _beats()
    total = sum(work(i) for i in range(n))
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    return total
