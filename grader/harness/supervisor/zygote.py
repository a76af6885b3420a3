"""The zygote: an interpreter that has imported what every child needs and forks one child per
scenario, so no interpreter start or import is on any scenario's path. It is started before the
payload arrives (it never holds a secret) and makes itself undumpable, so a submission can neither
trace it nor rewrite its memory to taint a later child. Each child re-enables dumping (the
sampler reads its /proc), takes its pipes, leaves the zygote's session and runs the runner.

Its own program, run as `python3 -I -u -X utf8 -c <this file> <control socket's fd>` (children.py):
never imported by the supervisor.
"""
# What the zygote imports ahead, so that no import is on the student's clock: the runner's modules
# at start, an exercise's libraries before its first child (children.libraries_for). Nothing of the
# runner is left in __main__: its globals live in a dict only the runner holds.
import sys, json, asyncio, builtins, importlib, importlib.util, os, threading, time, traceback, runpy, socket  # noqa
import ctypes, selectors, signal


def zygote(ctl_fd):
    libc = ctypes.CDLL(None)
    libc.prctl(4, 0, 0, 0, 0)
    ctl = socket.socket(fileno=ctl_fd)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    selector = selectors.DefaultSelector()
    selector.register(ctl, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    runner = None
    ctl.send(b'{"ready": true}')
    while True:
        for key, _ in selector.select():
            if key.fileobj is wake_r:
                os.read(wake_r, 4096)
                while True:
                    try:
                        pid, status = os.waitpid(-1, os.WNOHANG)
                    except ChildProcessError:
                        break
                    if pid == 0:
                        break
                    ctl.send(json.dumps({"exit": pid, "code": os.waitstatus_to_exitcode(status)}).encode())
                continue
            message, fds, _, _ = socket.recv_fds(ctl, 1 << 20, 4)
            if not message:
                return
            request = json.loads(message)
            if request.get("runner"):
                runner = compile(request["runner"], "<harness>", "exec")
            for name in request.get("libraries", ()):
                importlib.import_module(name)
            pid = os.fork()
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                selector.close()
                os.close(wake_r)
                os.close(wake_w)
                os.setsid()
                for target, fd in enumerate(fds[:3]):
                    os.dup2(fd, target)
                    os.close(fd)
                libc.prctl(4, 1, 0, 0, 0)
                # Only now can the supervisor watch this process: it learns the pid from here.
                ctl.send(json.dumps({"pid": os.getpid()}).encode())
                ctl.close()
                payload = json.loads(sys.stdin.readline())
                payload["trace_fd"] = fds[3]
                os.chdir(payload["workdir"])
                exec(runner, {"__name__": "__harness__", "PAYLOAD": payload})
                os._exit(0)
            for fd in fds:
                os.close(fd)


if __name__ == "__main__":
    zygote(int(sys.argv[1]))
