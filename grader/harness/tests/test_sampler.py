"""The sampler's classification, from /proc text written here (proc.Proc's seam): which thread is
idle, running or blocked, in which call, and what it is charged. No live process: every sample is
at a time the test gives, so each figure is exact."""
import unittest

import helpers  # noqa: F401 - puts grader/harness on the path
from supervisor.sampler import ThreadSampler

PID = 100
EPOLL_WAIT, CLOCK_NANOSLEEP, FUTEX, RECVFROM, CONNECT = 232, 230, 202, 45, 42
TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"


class FakeProc:
    """/proc as text: `files` maps a path under /proc to its text, or to an exception to raise."""

    def __init__(self):
        self.files = {}
        self.links = {}

    def read(self, path):
        value = self.files.get(path)
        if value is None:
            raise FileNotFoundError(path)
        if isinstance(value, Exception):
            raise value
        return value

    def lines(self, path):
        return self.read(path).splitlines(keepends=True)

    def listdir(self, path=""):
        prefix = path + "/" if path else ""
        return sorted({p[len(prefix):].split("/")[0] for p in self.files if p.startswith(prefix)})

    def readlink(self, path):
        if path not in self.links:
            raise FileNotFoundError(path)
        return self.links[path]

    def thread(self, tid, state="S", syscall=None, cpu=0.0, wait=0.0, slices=1, ticks=0):
        """One thread's files: stat (its state; CPU in clock ticks), schedstat (ns) and syscall."""
        base = f"{PID}/task/{tid}/"
        self.files[base + "stat"] = f"{tid} (python3) {state} " + " ".join(["0"] * 10) + f" {ticks} 0" + " 0" * 30
        self.files[base + "schedstat"] = f"{int(cpu * 1e9)} {int(wait * 1e9)} {slices}\n"
        if syscall is not None:
            self.files[base + "syscall"] = syscall if isinstance(syscall, Exception) else syscall + "\n"

    def epoll(self, fd, targets):
        self.files[f"{PID}/fdinfo/{fd}"] = "pos:\t0\nflags:\t02\n" + "".join(
            f"tfd: {5 + i:8d} events:       19 data:                0\n" for i in range(targets))


def call(nr, *args):
    """A syscall file's text: the number, six arguments, the stack and instruction pointers."""
    hexes = [format(a, "x") for a in args] + ["0"] * (6 - len(args))
    return " ".join([str(nr)] + ["0x" + h for h in hexes] + ["0x7ffc", "0x7f00"])


def watched(steps, period=0.01, stat_only=False, begun=None, loop_epfd=None):
    """A sampler fed one FakeProc state per sample, `period` s apart from t=0; `steps` is a list of
    callables that set up the FakeProc for each sample (given the sample's time)."""
    proc = FakeProc()
    sampler = ThreadSampler(PID, proc=proc)
    sampler.stat_only = stat_only
    sampler.begun, sampler.loop_epfd = begun, loop_epfd
    for i, step in enumerate(steps):
        now = i * period
        proc.files = {k: v for k, v in proc.files.items() if "/task/" not in k}
        step(proc, now)
        sampler.sample(now=now)
    return sampler, sampler.report(len(steps) * period, None)


def main_held(report):
    return [h for h in report["held"] if h["main"]]


class Classification(unittest.TestCase):
    def test_a_loop_waiting_in_its_own_epoll_is_idle(self):
        def step(proc, now):
            proc.epoll(3, targets=2)
            proc.thread(PID, "S", call(EPOLL_WAIT, 3), cpu=0.01)
        _, report = watched([step] * 30)
        self.assertEqual(report["held"], [])

    def test_a_sleep_on_the_loops_thread_is_held_and_blocked_all_along(self):
        def step(proc, now):
            proc.thread(PID, "S", call(CLOCK_NANOSLEEP, 0, 1), cpu=0.01)
        _, report = watched([step] * 31)
        [held] = main_held(report)
        self.assertEqual(held["syscall"], CLOCK_NANOSLEEP)
        self.assertAlmostEqual(held["blocked"], 0.30, places=3)
        self.assertEqual(held["cpu"], 0.0)

    def test_a_call_whose_time_went_to_waiting_for_a_cpu_is_not_blocked(self):
        # Asleep in a call by every sample, but its run-queue wait grew as fast as the clock: the
        # machine held it back, not the call.
        def step(proc, now):
            proc.thread(PID, "S", call(CLOCK_NANOSLEEP), wait=now)
        _, report = watched([step] * 31)
        [held] = main_held(report)
        self.assertEqual(held["blocked"], 0.0)
        self.assertAlmostEqual(held["wait"], 0.30, places=3)

    def test_computing_is_running_with_its_cpu_not_blocked(self):
        def step(proc, now):
            proc.thread(PID, "R", "running", cpu=now)
        _, report = watched([step] * 21)
        [held] = main_held(report)
        self.assertEqual((held["blocked"], held["syscall"]), (0.0, None))
        self.assertAlmostEqual(held["cpu"], 0.20, places=3)

    def test_an_epoll_set_that_watches_nothing_is_no_loop(self):
        def step(proc, now):
            proc.epoll(4, targets=0)
            proc.thread(PID, "S", call(EPOLL_WAIT, 4))
        _, report = watched([step] * 21)
        [held] = main_held(report)
        self.assertEqual(held["syscall"], EPOLL_WAIT)
        self.assertAlmostEqual(held["blocked"], 0.20, places=3)

    def test_once_the_call_began_only_the_loops_own_epoll_is_idle(self):
        def step(fd):
            def set_up(proc, now):
                proc.epoll(fd, targets=1)
                proc.thread(PID, "S", call(EPOLL_WAIT, fd))
            return set_up
        _, own = watched([step(3)] * 21, begun=-1.0, loop_epfd=3)
        _, foreign = watched([step(9)] * 21, begun=-1.0, loop_epfd=3)
        self.assertEqual(own["held"], [])
        self.assertAlmostEqual(main_held(foreign)[0]["blocked"], 0.20, places=3)

    def test_a_lock_is_idle_while_a_sibling_runs_and_blocked_when_none_does(self):
        worker = PID + 1

        def step(sibling_state):
            def set_up(proc, now):
                proc.thread(PID, "S", call(FUTEX))
                proc.thread(worker, sibling_state, "running" if sibling_state == "R" else call(FUTEX), cpu=now)
            return set_up
        _, gil = watched([step("R")] * 21)
        _, lock = watched([step("S")] * 21)
        self.assertEqual(main_held(gil), [])
        self.assertAlmostEqual(main_held(lock)[0]["blocked"], 0.20, places=3)

    def test_outside_any_call_a_page_fault_is_the_machines_not_the_students(self):
        def step(proc, now):
            proc.thread(PID, "D", "-1 0x7ffc 0x7f00")
        _, report = watched([step] * 21)
        self.assertEqual(report["held"], [])

    def test_a_gap_in_the_sampling_ends_a_run_unless_the_thread_slept_through_it(self):
        times = [0.0, 0.01, 0.02, 0.1, 0.11, 0.12]

        def run(slices_at):
            proc = FakeProc()
            sampler = ThreadSampler(PID, proc=proc)
            sampler.stat_only = False
            for t in times:
                proc.thread(PID, "S", call(CLOCK_NANOSLEEP), slices=slices_at(t))
                sampler.sample(now=t)
            return main_held(sampler.report(0.13, None))
        slept = run(lambda t: 1)  # never scheduled in between: one call all along
        woke = run(lambda t: 1 if t < 0.05 else 2)  # it ran in the gap: what happened there is unknown
        self.assertEqual(len(slept), 1)
        self.assertAlmostEqual(slept[0]["blocked"], 0.12, places=3)
        self.assertEqual(woke, [])  # two runs of 0.02 s: each too short to judge

    def test_an_exited_thread_is_idle(self):
        def step(proc, now):
            proc.thread(PID, "Z", call(CLOCK_NANOSLEEP))
        _, report = watched([step] * 21)
        self.assertEqual(report["held"], [])

    def test_a_thread_that_hides_its_syscall_file_is_unreadable_evidence(self):
        def step(proc, now):
            proc.thread(PID, "S", PermissionError("syscall"))
        _, report = watched([step] * 21)
        self.assertEqual(report["held"], [])
        self.assertEqual(report["unreadable"], 16)  # all but the last 0.05 s: a process exiting

        def exiting(proc, now):
            proc.thread(PID, "S", PermissionError("syscall") if now > 0.17 else call(EPOLL_WAIT, 3))
            proc.epoll(3, targets=1)
        _, report = watched([exiting] * 21)
        self.assertEqual(report["unreadable"], 0)


class OwnTime(unittest.TestCase):
    """The main thread's own time (asleep or computing, never waiting for a CPU): what lower bounds
    rest on, because load can make a thread runnable but never asleep, and adds no CPU time."""

    def test_asleep_in_the_loop_all_along_is_all_own(self):
        def step(proc, now):
            proc.thread(PID, "S", call(EPOLL_WAIT, 3), cpu=0.01)
        _, report = watched([step] * 31, begun=0.0)
        self.assertAlmostEqual(report["mainOwn"], 0.30, places=3)

    def test_runnable_but_descheduled_is_none_of_it(self):
        # Code that returned at once and then waited 0.3 s for a CPU: all clock, no own time.
        def step(proc, now):
            proc.thread(PID, "R", "running", cpu=0.01, wait=now)
        _, report = watched([step] * 31, begun=0.0)
        self.assertEqual(report["mainOwn"], 0.0)
        self.assertAlmostEqual(report["mainWait"], 0.30, places=3)

    def test_computing_counts_its_cpu(self):
        def step(proc, now):
            proc.thread(PID, "R", "running", cpu=now / 2, wait=now / 2)
        _, report = watched([step] * 21, begun=0.0)
        self.assertAlmostEqual(report["mainOwn"], 0.10, places=3)

    def test_a_starved_sampler_counts_a_gap_between_two_sleeps_but_its_wait_for_a_cpu(self):
        proc = FakeProc()
        sampler = ThreadSampler(PID, proc=proc)
        sampler.begun = 0.0
        # Woke in the second gap: ran 0.01 s, waited 0.05 s for a CPU, slept again.
        for now, cpu, wait, slices in ((0.0, 0.0, 0.0, 1), (0.2, 0.0, 0.0, 1), (0.4, 0.01, 0.05, 2)):
            proc.thread(PID, "S", call(EPOLL_WAIT, 3), cpu=cpu, wait=wait, slices=slices)
            sampler.sample(now=now)
        self.assertAlmostEqual(sampler.report(0.4, None)["mainOwn"], 0.35, places=4)

    def test_under_gvisor_a_sleeping_thread_is_own_time_and_a_runnable_one_is_not(self):
        def asleep(proc, now):
            proc.thread(PID, "S", ticks=1)

        def runnable(proc, now):
            proc.thread(PID, "R", ticks=1)
        _, report = watched([asleep] * 11 + [runnable] * 20, stat_only=True, begun=0.0)
        self.assertAlmostEqual(report["mainOwn"], 0.10, places=3)  # its one tick came before: not the call's

    def test_the_starts_cpu_is_the_harnesss_and_a_call_never_begun_has_none(self):
        def step(proc, now):
            proc.thread(PID, "R", "running", cpu=now)
        self.assertAlmostEqual(watched([step] * 21, begun=0.1)[1]["mainOwn"], 0.10, places=3)
        self.assertEqual(watched([step] * 21)[1]["mainOwn"], 0.0)

    def test_before_the_begin_record_is_read_its_sleep_counts(self):
        # A line read before the begin record (another pipe): the sleep before it is the line's.
        def step(proc, now):
            proc.thread(PID, "S", call(EPOLL_WAIT, 3), cpu=0.01)
        self.assertAlmostEqual(watched([step] * 31)[1]["mainOwn"], 0.30, places=3)

    def test_its_sleep_counts_from_the_hand_over_however_late_pid_1_read_the_calls_begin(self):
        def step(proc, now):
            proc.thread(PID, "S", call(EPOLL_WAIT, 3), cpu=0.01)
        sampler, report = watched([step] * 31, begun=0.2, loop_epfd=3)
        self.assertAlmostEqual(report["mainOwn"], 0.30, places=3)


class Sightings(unittest.TestCase):
    def test_a_worker_thread_waiting_on_a_unix_socket_is_seen_waiting_for_the_grader(self):
        worker = PID + 1

        def step(proc, now):
            proc.links[f"{PID}/fd/7"] = "socket:[555]"
            proc.files[f"{PID}/net/tcp"] = TCP_HEADER
            proc.thread(PID, "S", call(EPOLL_WAIT, 3))
            proc.epoll(3, targets=1)
            proc.thread(worker, "S", call(RECVFROM, 7))
        sampler, _ = watched([step] * 11)
        self.assertEqual(sampler.waiting_during(0.02, 0.05), [worker])
        self.assertEqual(sampler.waiting_during(0.5, 0.6), [])

    def test_a_worker_thread_in_a_tcp_call_is_a_socket_call(self):
        worker = PID + 1
        tcp = TCP_HEADER + "   0: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000 65534 0 777 1\n"

        def step(proc, now):
            proc.links[f"{PID}/fd/8"] = "socket:[777]"
            proc.files[f"{PID}/net/tcp"] = tcp
            proc.thread(PID, "S", call(EPOLL_WAIT, 3))
            proc.epoll(3, targets=1)
            proc.thread(worker, "S", call(CONNECT, 8))
        _, report = watched([step] * 3)
        self.assertEqual([(c["tid"], c["syscall"]) for c in report["socketCalls"]], [(worker, CONNECT)] * 3)

    def test_processes_besides_pid_1_and_the_child_are_counted(self):
        def step(proc, now):
            proc.thread(PID, "S", call(EPOLL_WAIT, 3))
            proc.epoll(3, targets=1)
            proc.files["1/stat"] = proc.files["4242/stat"] = "x"
        _, report = watched([step])
        self.assertEqual(report["otherProcesses"], 1)  # 4242: PID 1 and the child are not strangers

    def test_under_gvisor_only_the_stat_view_is_used(self):
        worker = PID + 1

        def step(proc, now):
            proc.thread(PID, "R", ticks=int(now * 100))
            proc.thread(worker, "S")
        sampler, report = watched([step] * 21, stat_only=True)
        self.assertEqual(report["view"], "stat")
        [held] = main_held(report)
        self.assertEqual(held["blocked"], 0.0)
        self.assertEqual(sampler.waiting_during(0.0, 1.0), [worker])  # asleep: stands for a grader wait


if __name__ == "__main__":
    unittest.main()
