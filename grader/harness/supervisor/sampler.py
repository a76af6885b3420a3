"""The child's threads, watched from outside: every few ms, each thread's state, CPU time,
run-queue wait and current system call, read from /proc (through proc.Proc), and from them the
stretches in which a thread ran or was blocked. The child cannot rewrite what this sees."""
import asyncio
import bisect
import os
import time

from . import cgroup
from .proc import Proc
from .syscalls import FUTEX, SELECTOR_WAITS, SOCKET_CALLS, SOCKET_READS


class ThreadSampler:
    """Watches the child's threads from outside: every few ms, each thread's state, CPU time,
    run-queue wait and current syscall from /proc. The child cannot rewrite what this sees."""

    def __init__(self, pid, family=None, period=None, proc=None, cpus=None):
        self.pid = pid
        # The CPUs the child's threads share: the container's quota where the payload gives it.
        # Within it, CPU its other threads used was taken from the judged thread, whatever the host has.
        self.capacity = min(self.CORES, cpus or self.CORES)
        self.proc = proc or Proc()  # the seam: a unit test's stand-in answers with text it wrote
        self.family = family  # the harness's own processes: the zygote, sibling scenarios' children
        # gVisor answers each /proc read slowly (about 3 ms a sample): every 4 ms, the sampling took
        # most of this loop, and the grader's operations the child waits on were answered 50-100 ms
        # late, which failed the references' time bounds. There it sees only CPU-busy stretches,
        # which a coarser period still catches.
        self.period = period or (0.012 if self.stat_only else 0.004)
        self.max_gap = max(0.03, 3 * self.period)
        # The load discount is for what other processes caused. Each thread's run-queue wait, as the
        # checks see it, is its wait less what the child's own use explains (see `own_load`).
        self.net_wait = {}  # tid -> wait not explained by the child's own use, so far
        self.nice = {}  # tid -> its nice value: a thread that lowered its priority gets no discount
        self.load_before = None  # (t, container CPU, throttled, {tid: (cpu, raw wait)})
        self.samples = 0
        self.unreadable_at = []
        self.other_pids = set()  # processes besides PID 1 and the child: not watched, so suspect
        self.socket_waits = []  # (t, tid) of threads besides the main one waiting on a unix socket
        self.slices = {}  # tid -> times it was scheduled in so far (schedstat's third field)
        self.threads_max = 0
        self.threads = {}  # tid -> its current run of samples found running or blocked
        self.held = []
        self.socket_calls = []  # (t, tid, kind) of non-main threads seen in a socket call
        self.first = {}
        self.last = {}
        self.main_trail = []  # (t, wait, time asleep, cpu) of the main thread at each sample, each so far
        self.main_still = 0.0  # the main thread's time seen asleep (not running, not runnable) so far
        self.main_prev = None  # (t, state, cpu, wait) of the main thread's last sample
        # The loop's own epoll descriptor, from the runner's first record (written before the
        # submission is imported), and when the scenario's call began: from then on the main thread
        # waits idle only there. Before, or without it, an epoll set with nothing registered is no loop.
        self.loop_epfd = None
        self.begun = None
        self.epoll_targets = {}  # epfd -> (when read, descriptors registered)

    # gVisor (runsc) gives each thread's stat (state, CPU in clock ticks) but no schedstat and no
    # syscall file: there a sleeping thread's call is unknown, so it is never judged blocked, only
    # running (state R, CPU rising) is seen, and a worker thread asleep stands for one waiting on a
    # grader operation. The report says which view it had.
    TICK = 1 / os.sysconf("SC_CLK_TCK")
    stat_only = not os.path.exists("/proc/self/schedstat")

    def read(self, tid):
        base = f"{self.pid}/task/{tid}/"
        fields = self.proc.read(base + "stat").rsplit(")", 1)[1].split()
        state = fields[0]
        if self.stat_only:
            cpu = (int(fields[11]) + int(fields[12])) * self.TICK
            return state, cpu, 0.0, ["exited"] if state in "ZX" else ["running"] if state == "R" else ["asleep"]
        self.nice[tid] = int(fields[16])
        cpu, wait, slices = (int(x) for x in self.proc.read(base + "schedstat").split()[:3])
        cpu, wait = cpu / 1e9, wait / 1e9
        self.slices[tid] = slices
        if state in "ZX":
            return state, cpu, wait, ["exited"]
        try:
            fields = self.proc.read(base + "syscall").split()
        except PermissionError:
            if self.proc.read(base + "stat").rsplit(")", 1)[1].split()[0] in "ZX":
                return state, cpu, wait, ["exited"]
            fields = None  # the child made itself unwatchable: absent evidence, never a pass
        return state, cpu, wait, fields

    def main_writes(self):
        """The child's main thread's write calls so far (its /proc io), or None. Under gVisor no
        thread's system call is visible, but this count is: a beat answered with no write by the
        main thread since the beat before was answered was not sent by it."""
        try:
            lines = self.proc.lines(f"{self.pid}/task/{self.pid}/io")
            return next(int(line.split()[1]) for line in lines if line.startswith("syscw:"))
        except (OSError, ValueError, IndexError, StopIteration):
            return None

    def loop_wait(self, fields):
        """Whether the main thread's epoll_wait is its event loop waiting: on the loop's descriptor
        once the call began, else on an epoll set that watches something (an asyncio loop always
        watches its self-pipe). Blocking in an empty or foreign epoll set is blocking."""
        try:
            epfd = int(fields[1], 16)
        except (IndexError, ValueError):
            return True
        if self.loop_epfd is not None and self.begun is not None:
            return epfd == self.loop_epfd
        now = time.monotonic()
        seen = self.epoll_targets.get(epfd)
        if seen is None or now - seen[0] > 0.1:
            try:
                lines = self.proc.lines(f"{self.pid}/fdinfo/{epfd}")
                seen = (now, sum(1 for line in lines if line.startswith("tfd:")))
            except OSError:
                seen = (now, 1)  # closed in between: nothing to judge
            self.epoll_targets[epfd] = seen
        return seen[1] > 0

    def fd_kind(self, fd):
        try:
            link = self.proc.readlink(f"{self.pid}/fd/{fd}")
        except OSError:
            return None
        if not link.startswith("socket:["):
            return "file"
        inode = link[8:-1]
        try:
            if any(line.split()[9] == inode for line in self.proc.lines(f"{self.pid}/net/tcp")[1:]):
                return "tcp"
        except (OSError, IndexError):
            pass
        return "socket"

    def sample(self, now=None):
        now = time.monotonic() if now is None else now
        try:
            tids = [int(t) for t in self.proc.listdir(f"{self.pid}/task")]
        except OSError:
            return False
        self.samples += 1
        self.threads_max = max(self.threads_max, len(tids))
        if self.samples % 4 == 1:
            self.other_pids.update(p for p in self.proc.listdir()
                                   if p.isdigit() and int(p) not in (1, self.pid, os.getpid())
                                   and not (self.family and self.family.ours(int(p))))
        seen = {}
        for tid in tids:
            try:
                seen[tid] = self.read(tid)
            except (OSError, ValueError, IndexError):
                continue
        if not self.stat_only:
            seen = self.own_load(now, seen)
        runnable_sibling = any(st[0] == "R" for t, st in seen.items() if t != self.pid)
        for tid, (state, cpu, wait, fields) in seen.items():
            # The child came from a fork with one thread: any other was born in this scenario, so all
            # of its CPU counts, also what it spent before a late first sample (a loaded machine).
            self.first.setdefault(tid, (now, cpu, wait) if tid == self.pid else (now, 0.0, 0.0))
            self.last[tid] = (now, cpu, wait)
            if tid == self.pid:
                self.note_main(now, state, cpu, wait)
            if fields is None:
                self.unreadable_at.append(now)
                kind, nr = "unknown", None
            elif fields[0] == "exited":
                kind, nr = "idle", None
            elif fields[0] == "asleep":
                kind, nr = "idle", None
                if tid != self.pid and len(self.socket_waits) < 20000:
                    # No syscall file: a worker thread asleep is all there is to say who waited.
                    self.socket_waits.append((now, tid))
            elif fields[0] == "running" or state == "R":
                kind, nr = "running", None
            else:
                nr = int(fields[0])
                if nr in SELECTOR_WAITS:
                    kind = "idle" if tid != self.pid or self.loop_wait(fields) else "blocked"
                elif nr < 0:
                    # Blocked in the kernel outside any system call: a page fault waiting for the
                    # disk on a machine short of memory. The machine's doing, never the student's.
                    kind = "idle"
                elif nr == FUTEX and runnable_sibling:
                    kind = "idle"  # waiting for the GIL while another thread runs: nobody's fault
                else:
                    kind = "blocked"
                if tid != self.pid and nr in SOCKET_CALLS and len(fields) > 1:
                    fd_kind = self.fd_kind(int(fields[1], 16))
                    if fd_kind == "tcp" and len(self.socket_calls) < 1000:
                        self.socket_calls.append({"t": now, "tid": tid, "syscall": nr})
                    elif fd_kind == "socket" and nr in SOCKET_READS and len(self.socket_waits) < 20000:
                        self.socket_waits.append((now, tid))
            self.track(tid, now, kind, nr, cpu, wait)
        return True

    def note_main(self, now, state, cpu, wait):
        """Adds a sample of the main thread to its trail: its run-queue wait, and its own time, the
        time it was asleep or on a CPU. Load makes a thread runnable, never asleep, and adds no
        CPU: own time is what lower bounds can trust, which a loaded machine cannot lengthen. A
        stretch between two samples that both found it asleep is own time but for the wait for a
        CPU seen in it (its CPU counts apart): however long the gap, as a busy PID 1 samples sparsely
        (under gVisor five scenarios side by side leave each a sample every 50-100 ms)."""
        prev = self.main_prev
        if prev is not None and prev[1] in "SD" and state in "SD":
            self.main_still += max(0.0, (now - prev[0]) - (cpu - prev[2]) - (wait - prev[3]))
        self.main_prev = (now, state, cpu, wait)
        self.main_trail.append((now, wait, self.main_still, cpu))

    CORES = len(os.sched_getaffinity(0))

    def own_load(self, now, seen):
        """Replaces each thread's run-queue wait by the part of it that the child's own use does
        not explain, so that load the submission makes never counts as the machine's. Between two
        samples, a thread's wait is the child's doing up to the CPU its other threads used beyond
        what the other CPUs (of `capacity`) could hold, plus its share (of the container's CPU) of
        the time the container's quota throttled it. PID 1 and the zygote are the grader: their CPU
        is not the child's. A thread that lowered its own priority (nice) gets no discount at all."""
        usage, throttled = cgroup.container_cpu_stat()
        before = self.load_before
        common = [tid for tid in seen if before and tid in before[3]]
        used = sum(max(0.0, seen[t][1] - before[3][t][0]) for t in common)
        throttle_own = 0.0
        if before and None not in (usage, throttled, before[1], before[2]) and usage > before[1]:
            throttle_own = max(0.0, throttled - before[2]) * min(1.0, used / (usage - before[1]))
        out = {}
        for tid, (state, cpu, wait, fields) in seen.items():
            if tid not in common:
                net = self.net_wait.get(tid, wait)  # first sight: as read
            else:
                span = max(0.0, now - before[0])
                waited = max(0.0, wait - before[3][tid][1])
                others = max(0.0, used - max(0.0, cpu - before[3][tid][0]))
                own = throttle_own + max(0.0, others - (self.capacity - 1) * span)
                if self.nice.get(tid, 0) > 0:
                    own = waited
                net = self.net_wait.get(tid, 0.0) + max(0.0, waited - own)
            self.net_wait[tid] = net
            out[tid] = (state, cpu, net, fields)
        self.load_before = (now, usage, throttled, {tid: (st[1], st[2]) for tid, st in seen.items()})
        return out

    # A run is only what was watched closely: a gap between two samples longer than `max_gap` (this
    # process was starved of CPU) ends it, so that time nobody saw is never charged as "blocked".

    def track(self, tid, now, kind, nr, cpu, wait):
        run = self.threads.get(tid)
        slices = self.slices.get(tid)
        # ... unless the thread never ran in between: then it slept through the gap in one call.
        slept_through = kind == "blocked" and run is not None and run["kind"] == "blocked" and run["slices"] == slices
        if run is not None and now - run["end"] > self.max_gap and not slept_through:
            self.close_run(tid, run, run["end"])
            run = None
        if kind in ("running", "blocked"):
            if run is None:
                self.threads[tid] = {"start": now, "cpu": cpu, "wait": wait, "syscalls": {}, "blocked": 0.0}
                run = self.threads[tid]
            elif kind == "blocked" and run["kind"] == "blocked":
                # Blocked time is only what lies between two samples that both found the thread asleep
                # in a call that is not the loop's poll: a runnable thread held back by the machine
                # (or by the container's CPU quota) is never counted as blocked.
                run["blocked"] += max(0.0, (now - run["end"]) - (cpu - run["cpu_end"]) - (wait - run["wait_end"]))
            if nr is not None:
                run["syscalls"][nr] = run["syscalls"].get(nr, 0) + 1
            run["end"], run["cpu_end"], run["wait_end"] = now, cpu, wait
            run["kind"], run["slices"] = kind, slices
        elif run is not None:
            self.close_run(tid, run, now)

    def close_run(self, tid, run, now):
        del self.threads[tid]
        end = run["end"] + min(now - run["end"], self.period)
        wall = end - run["start"]
        if wall < 0.03 or len(self.held) >= 500:
            return
        cpu = run["cpu_end"] - run["cpu"]
        if self.stat_only:  # counted in whole clock ticks: one less is what surely ran in the run
            cpu = max(0.0, cpu - self.TICK)
        wait = run["wait_end"] - run["wait"]
        syscall = max(run["syscalls"], key=run["syscalls"].get) if run["syscalls"] else None
        self.held.append({"tid": tid, "main": tid == self.pid, "start": run["start"], "end": end,
                          "cpu": round(cpu, 4), "wait": round(wait, 4), "blocked": round(run["blocked"], 4),
                          "syscall": syscall})

    def split(self, now):
        """The scenario's call begins: every run so far ends here, so that what the harness and the
        import of the file did before (their CPU, on a loaded machine their waits) is never judged
        as the call's."""
        for tid, run in list(self.threads.items()):
            self.close_run(tid, run, now)

    async def watch(self, proc):
        while proc.returncode is None:
            if not self.sample():
                break
            await asyncio.sleep(self.period)

    def waiting_during(self, start, end):
        """Threads besides the main one seen waiting for an answer on a unix socket (the grader's
        blocking operations) between two moments: who really made a blocking call. The sightings
        are in time order, so each question costs a bisection, not a scan."""
        lo = bisect.bisect_left(self.socket_waits, (start, -1))
        hi = bisect.bisect_right(self.socket_waits, (end, float("inf")))
        return sorted({tid for _, tid in self.socket_waits[lo:hi]})[:16]

    def own_until(self, moment):
        """The main thread's own time by its last sample before `moment`: what a lower bound on a
        line read then, or on the return, rests on. Its time asleep from the hand-over (PID 1 may
        read the call's begin record late under load), its CPU from the call's beginning: the
        child's start computes (0.05-0.15 s under gVisor), and that is the harness's."""
        at = lambda t: bisect.bisect_right(self.main_trail, (t, float("inf")))  # noqa: E731
        until = at(moment)
        if not until:
            return 0.0
        first, last = self.main_trail[0], self.main_trail[until - 1]
        still = last[2] - first[2]
        # A line can be read before the begin record (two pipes): its CPU is then not known to be the call's.
        cpu = last[3] - self.main_trail[max(0, at(self.begun) - 1)][3] if self.begun is not None else 0.0
        return round(max(0.0, still + max(0.0, cpu)), 4)

    def report(self, end, returned):
        for tid, run in list(self.threads.items()):
            self.close_run(tid, run, end)
        main_first, main_last = self.first.get(self.pid), self.last.get(self.pid)
        # The wait up to the return, not up to the exit: a child waiting for a CPU to exit after
        # it returned has not been slowed in anything the checks time.
        # And from the call's beginning, where the checks' times count from: the child's start is the
        # harness's, neither the student's to be charged nor the machine's to excuse.
        until = bisect.bisect_right(self.main_trail, (returned if returned is not None else end, float("inf")))
        since = bisect.bisect_right(self.main_trail, (self.begun, float("inf"))) if self.begun is not None else 0
        base = self.main_trail[since - 1][1] if since else (main_first[2] if main_first else 0.0)
        main_wait = max(0.0, self.main_trail[until - 1][1] - base) if main_first and until else None
        main_own = self.own_until(returned if returned is not None else end)
        totals = {"cpu": 0.0, "wait": 0.0}
        for tid, (t0, c0, w0) in self.first.items():
            t1, c1, w1 = self.last[tid]
            totals["cpu"] += c1 - c0
            totals["wait"] += w1 - w0
        # A process that is exiting (its final record written, perhaps not yet read) cannot be
        # read for a moment: only what lasted, well before that, counts.
        unreadable = sum(1 for t in self.unreadable_at if t < (returned or end) - 0.05)
        return {
            "samples": self.samples,
            "unreadable": unreadable if unreadable >= 2 else 0,
            "threadsMax": self.threads_max,
            "otherProcesses": len(self.other_pids),
            # Stretches of the call only: those that ended by its beginning were the harness's start.
            "held": [h for h in self.held if self.begun is None or h["end"] > self.begun],
            "socketCalls": self.socket_calls,
            "mainCpu": (main_last[1] - main_first[1]) if main_first else None,
            "mainWait": main_wait,
            # What lower bounds rest on: from the hand-over, time asleep or computing, never waiting for a CPU.
            "mainOwn": main_own,
            "cpu": totals["cpu"],
            "wait": totals["wait"],
            "view": "stat" if self.stat_only else "syscalls",
        }
