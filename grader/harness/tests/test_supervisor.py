"""PID 1's parts below the Docker level: the sampler's classification of a live process's threads,
the loop's own epoll descriptor, the ops server's protocol and ledger, the trace reader's rules,
and the census by ledger."""
import asyncio
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import unittest

from helpers import load_supervisor

sup = load_supervisor()


def watch(code, seconds=1.0):
    """Samples a child running `code` as PID 1's sampler would; returns the sampler's report."""
    child = subprocess.Popen([sys.executable, "-c", code])
    try:
        time.sleep(0.15)  # past the interpreter's start
        sampler = sup.ThreadSampler(child.pid)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            sampler.sample()
            time.sleep(sampler.period)
        return sampler.report(time.monotonic(), None)
    finally:
        child.kill()
        child.wait()


def blocked(report):
    """Seconds the main thread was seen blocked, over every run (a starved sampler splits runs)."""
    return sum(h["blocked"] for h in report["held"] if h["main"])


@unittest.skipUnless(os.path.exists("/proc/self/task/%d/syscall" % os.getpid()), "needs /proc syscall files")
class SamplerClassification(unittest.TestCase):
    def test_a_loop_waiting_in_its_epoll_is_idle(self):
        report = watch("import asyncio; asyncio.run(asyncio.sleep(3))")
        self.assertLess(blocked(report), 0.05)

    def test_time_sleep_on_the_main_thread_is_blocked(self):
        report = watch("import time; time.sleep(3)")
        self.assertGreater(blocked(report), 0.1)

    def test_an_empty_epoll_set_is_no_loop(self):
        report = watch("import select; select.epoll().poll(3)")
        self.assertGreater(blocked(report), 0.1)

    def test_computing_is_busy_not_blocked(self):
        report = watch("while True: pass")
        self.assertGreater(sum(h["cpu"] for h in report["held"] if h["main"]), 0.02)
        self.assertLess(blocked(report), 0.05)


class LoopDescriptor(unittest.TestCase):
    def setUp(self):
        self.sampler = sup.ThreadSampler(os.getpid())
        self.loop_epoll = select.epoll()
        r, self.w = os.pipe()
        self.loop_epoll.register(r, select.EPOLLIN)
        self.empty = select.epoll()

    def fields(self, ep):
        return ["e8", format(ep.fileno(), "x")]

    def test_before_the_call_an_epoll_set_counts_if_it_watches_something(self):
        self.assertTrue(self.sampler.loop_wait(self.fields(self.loop_epoll)))
        self.assertFalse(self.sampler.loop_wait(self.fields(self.empty)))

    def test_once_the_call_began_only_the_loops_own_descriptor_counts(self):
        other = select.epoll()
        other.register(os.pipe()[0], select.EPOLLIN)
        self.sampler.loop_epfd, self.sampler.begun = self.loop_epoll.fileno(), time.monotonic()
        self.assertTrue(self.sampler.loop_wait(self.fields(self.loop_epoll)))
        self.assertFalse(self.sampler.loop_wait(self.fields(other)))

    def test_split_ends_the_runs_at_the_calls_beginning(self):
        self.sampler.threads[1] = {"start": 0.0, "end": 0.2, "cpu": 0.0, "cpu_end": 0.15, "wait": 0.0,
                                   "wait_end": 0.0, "blocked": 0.0, "syscalls": {}, "kind": "running"}
        self.sampler.pid, self.sampler.begun = 1, 0.2
        self.sampler.split(0.2)
        self.assertEqual(self.sampler.threads, {})
        self.assertEqual(self.sampler.report(1.0, 1.0)["held"], [])  # before the call: not judged


class OpsProtocol(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.path = os.path.join(tempfile.mkdtemp(), "ops.sock")
        self.ops = sup.OpsServer({"query": {"a": {"delay": 0.1, "result": "A"}, "b": {"delay": 0.1, "result": "B"}},
                                  "fail": {"x": {"error": "boom"}}}, self.path)
        await self.ops.start()

    async def asyncTearDown(self):
        self.ops.close()

    async def call(self, op, arg):
        reader, writer = await asyncio.open_unix_connection(self.path)
        writer.write((json.dumps({"op": op, "arg": arg}) + "\n").encode())
        await writer.drain()
        reply = json.loads(await reader.readline())
        writer.close()
        return reply

    async def test_answers_from_the_hidden_table_and_keeps_a_ledger(self):
        replies = await asyncio.gather(self.call("query", "a"), self.call("query", "b"))
        self.assertEqual(replies, [{"result": "A"}, {"result": "B"}])
        report = self.ops.report()
        self.assertEqual(report["max_in_flight"], 2)
        self.assertEqual(sorted(c["arg"] for c in report["calls"]), ["a", "b"])
        self.assertTrue(all(c["end"] - c["start"] >= 0.09 for c in report["calls"]))

    async def test_unknown_calls_and_errors_are_answered_and_recorded(self):
        self.assertEqual(await self.call("fail", "x"), {"error": "boom"})
        self.assertIn("unknown", (await self.call("query", "zzz"))["error"])
        self.assertEqual([c["known"] for c in self.ops.report()["calls"]], [True, False])

    async def test_the_caller_is_known_by_its_credentials(self):
        await self.call("query", "a")
        self.assertIn(self.ops.report()["calls"][0]["pid"], (None, os.getpid()))


class TraceRecords(unittest.IsolatedAsyncioTestCase):
    def run_for(self):
        payload = {"limits": {"traceRecords": 100, "traceBytes": 1 << 20, "outputBytes": 1 << 16,
                              "stderrBytes": 1 << 12}}
        run = sup.ScenarioSupervision(payload, {"id": "s", "timeout": 5}, 0)
        run.sampler = sup.ThreadSampler(os.getpid())
        return run

    async def read(self, run, records):
        reader = asyncio.StreamReader()
        reader.feed_data(b"".join(r if isinstance(r, bytes) else (json.dumps(r) + "\n").encode() for r in records))
        reader.feed_eof()
        await run.read_records(reader)

    async def test_the_first_loop_record_names_the_loops_descriptor(self):
        run = self.run_for()
        await self.read(run, [{"kind": "loop", "epfd": 7}, {"kind": "loop", "epfd": 9}, {"kind": "begin", "t": 1}])
        self.assertEqual(run.sampler.loop_epfd, 7)
        self.assertIsNotNone(run.sampler.begun)

    async def test_a_loop_record_after_others_is_ignored(self):
        run = self.run_for()
        await self.read(run, [{"kind": "begin", "t": 1}, {"kind": "loop", "epfd": 9}])
        self.assertIsNone(run.sampler.loop_epfd)

    async def test_a_refusal_flags_the_run_with_the_students_line(self):
        run = self.run_for()
        await self.read(run, [{"kind": "refused", "event": "gc.get_objects", "detail": "-1", "line": 12}])
        self.assertEqual(len(run.integrity), 1)
        self.assertIn("line 12", run.integrity[0])

    async def test_records_after_the_final_one_and_foreign_lines_are_tampering(self):
        run = self.run_for()
        await self.read(run, [{"kind": "final", "ok": True}, {"kind": "line", "text": "x"}, b"not json\n"])
        self.assertEqual(run.final, {"kind": "final", "ok": True})
        self.assertEqual(len(run.integrity), 2)


class OwnLoad(unittest.TestCase):
    """The load discount is for other processes: a thread's run-queue wait less what the child's own
    use explains (its other threads' CPU beyond the other cores, its share of the quota's throttling)."""

    def wait_after(self, worker_cpu, throttled=0.0, container_cpu=None, nice=0, waited=0.08, span=0.1, cpus=2):
        from supervisor import cgroup
        sampler = sup.ThreadSampler(4242)
        sampler.stat_only, sampler.capacity = False, cpus
        used = worker_cpu + 0.01  # the judged thread's own CPU in the span is 0.01
        stats = iter([(1.0, 0.0), (1.0 + (container_cpu if container_cpu is not None else used), throttled)])
        real = cgroup.container_cpu_stat
        cgroup.container_cpu_stat = lambda: next(stats)
        try:
            sampler.nice[4242] = nice
            sampler.own_load(10.0, {4242: ("R", 0.5, 0.3, None), 4243: ("R", 1.0, 0.0, None)})
            after = sampler.own_load(
                10.0 + span, {4242: ("R", 0.51, 0.3 + waited, None), 4243: ("R", 1.0 + worker_cpu, 0.0, None)})
        finally:
            cgroup.container_cpu_stat = real
        return round(after[4242][2] - 0.3, 6)

    def test_a_wait_the_child_did_not_cause_is_discounted(self):
        self.assertEqual(self.wait_after(worker_cpu=0.06), 0.08)  # one GIL-bound worker: another CPU held it

    def test_own_threads_busy_on_every_other_cpu_explain_the_wait(self):
        self.assertEqual(self.wait_after(worker_cpu=0.2), 0.0)  # burners on both cores

    def test_in_a_one_cpu_container_any_cpu_of_its_other_threads_was_taken_from_the_thread(self):
        # Burners outside the GIL on a two-core host, the container's quota one CPU: no other CPU
        # was free for them, so all their CPU explains the judged thread's wait.
        self.assertEqual(self.wait_after(worker_cpu=0.06, cpus=1), 0.02)
        self.assertEqual(self.wait_after(worker_cpu=0.06, cpus=2), 0.08)

    def test_throttling_is_the_childs_in_its_share_of_the_containers_cpu(self):
        self.assertEqual(self.wait_after(worker_cpu=0.0, throttled=0.05), 0.03)  # all the CPU was the child's
        self.assertEqual(self.wait_after(worker_cpu=0.0, throttled=0.05, container_cpu=0.02), 0.055)  # PID 1's half

    def test_a_thread_that_lowered_its_priority_gets_no_discount(self):
        self.assertEqual(self.wait_after(worker_cpu=0.0, nice=10), 0.0)


class Census(unittest.TestCase):
    def test_processes_are_ours_by_the_ledger_not_by_parent(self):
        class Z:
            pid = 40
        family = sup.Family(Z())
        family.children.add(41)
        self.assertTrue(family.ours(41))
        self.assertTrue(family.ours(1))
        self.assertFalse(family.ours(42))  # a CLONE_PARENT helper shares the zygote as parent


if __name__ == "__main__":
    unittest.main()
