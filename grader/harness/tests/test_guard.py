"""The runner's tamper guard: the seccomp filter kills what it must and nothing an honest
solution does; the audit hook refuses the ways in, writes a record of each refusal, and leaves
logging, traceback, inspect and Task.get_stack() alone."""
import asyncio
import json
import os
import signal
import threading
import unittest

from helpers import in_child, load_guard

SIGSYS = -signal.SIGSYS


class SeccompFilter(unittest.TestCase):
    def sealed(self, action):
        def body():
            r, w = os.pipe()
            load_guard(w)["_seal_kernel"]()
            action(w)
        return in_child(body)

    def test_threads_start_and_asyncio_runs(self):
        def action(_):
            t = threading.Thread(target=lambda: None)
            t.start()
            t.join()

            async def main():
                await asyncio.get_running_loop().run_in_executor(None, sum, [1, 2])
                await asyncio.sleep(0.01)
            asyncio.run(main())
        self.assertEqual(self.sealed(action), 0)

    def test_process_creation_is_killed(self):
        self.assertEqual(self.sealed(lambda _: os.fork()), SIGSYS)

    def test_a_clone_parent_helper_is_killed(self):
        import ctypes

        def action(_):
            ctypes.CDLL(None).syscall(56, 0x00008000 | 17, 0, 0, 0, 0)
        self.assertEqual(self.sealed(action), SIGSYS)

    def test_redirecting_or_closing_the_trace_pipe_is_killed(self):
        self.assertEqual(self.sealed(lambda w: os.dup2(0, w)), SIGSYS)
        self.assertEqual(self.sealed(lambda w: os.close(w)), SIGSYS)

    def test_hiding_from_the_sampler_is_killed(self):
        import ctypes
        self.assertEqual(self.sealed(lambda _: ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)), SIGSYS)

    def test_other_descriptors_close_freely(self):
        self.assertEqual(self.sealed(lambda _: os.close(os.open("/dev/null", os.O_RDONLY))), 0)


class AuditHook(unittest.TestCase):
    def refusals(self, action):
        """Runs action under the hook in a child; returns (exit code, the refusal records)."""
        r, w = os.pipe()

        def body():
            os.close(r)
            guard = load_guard(w)
            guard["_seal_python"]({}, {}, False)
            action()
        code = in_child(body)
        os.close(w)
        with os.fdopen(r) as f:
            return code, [json.loads(line) for line in f.read().splitlines()]

    def test_honest_standard_library_use_is_left_alone(self):
        def action():
            import socket
            with socket.socket(socket.AF_UNIX) as s:  # an abstract socket's name starts with NUL
                s.bind("\0guard-test-%d" % os.getpid())
            import inspect
            import logging
            import traceback
            logging.getLogger("t").warning("logged")
            traceback.format_stack()
            inspect.stack()
            try:
                1 / 0
            except ZeroDivisionError as exc:
                traceback.format_exception(exc)

            async def main():
                asyncio.current_task().get_stack()
                await asyncio.sleep(0)
            asyncio.run(main())
            open("/proc/self/status").close()
            os.listdir("/dev")
        code, records = self.refusals(action)
        self.assertEqual((code, records), (0, []))

    def test_each_way_in_is_refused_and_recorded(self):
        ways = {
            "gc.get_objects": lambda: __import__("gc").get_objects(),
            "ctypes.dlopen": lambda: __import__("ctypes").CDLL(None),
            "sys._current_frames": lambda: __import__("sys")._current_frames(),
            "sys.settrace": lambda: __import__("sys").settrace(lambda *a: None),
            "os.scandir": lambda: __import__("glob").glob("/tmp/*"),
            "open": lambda: open("/proc/1/status"),
        }
        for event, action in ways.items():
            with self.subTest(event):
                def attempt(action=action):
                    try:
                        action()
                    except PermissionError:
                        os._exit(9)
                code, records = self.refusals(attempt)
                self.assertEqual(records[0]["event"], event)
                self.assertIn(code, (0, 9))  # glob swallows the PermissionError; the record stands

    def test_starting_a_process_ends_the_run_uncaught(self):
        def attempt():
            import subprocess
            for _ in range(3):  # a fork bomb that catches the refusal would try again and again
                try:
                    subprocess.run(["true"])
                except Exception:  # noqa: BLE001
                    pass
        code, records = self.refusals(attempt)
        self.assertEqual(code, -9)  # the unit test has no seccomp filter: killed by the fallback
        self.assertEqual([r["event"] for r in records], ["subprocess.Popen"])

    def test_relative_paths_links_and_descriptors_do_not_get_round_it(self):
        def through_a_link():
            link = os.path.join(__import__("tempfile").mkdtemp(), "innocent")
            os.symlink("/proc/1/status", link)
            open(link)

        def relative():
            os.chdir("/proc")
            open("1/status")

        def by_descriptor():
            os.listdir(os.open("/tmp", os.O_RDONLY))

        for action, detail in ((through_a_link, "/proc/1/status"), (relative, "/proc/1/status"), (by_descriptor, "/tmp")):
            with self.subTest(action.__name__):
                code, records = self.refusals(action)
                self.assertEqual(records[0]["detail"], detail)

    def test_mem_files_of_this_process_are_refused(self):
        code, records = self.refusals(lambda: open("/proc/self/mem", "rb"))
        self.assertRegex(records[0]["detail"], r"^/proc/\d+/mem$")  # self, as the kernel resolves it

    def test_harness_functions_keep_their_code(self):
        r, w = os.pipe()

        def body():
            os.close(r)
            guard = load_guard(w)
            ours = {}
            exec("def op(a=1):\n    return a\n", ours)
            guard["_seal_python"](ours, {})
            try:
                ours["op"].__defaults__ = (2,)
            except PermissionError:
                os._exit(9)
        self.assertEqual(in_child(body), 9)
        os.close(w)
        with os.fdopen(r) as f:
            self.assertEqual(json.loads(f.readline())["event"], "object.__setattr__")

    def test_the_graders_socket_is_reached_only_by_op_called_from_harness_code(self):
        """By code object, not by globals: a function compiled into the driver's namespace after the
        seal, or the submission calling op itself (with a `_check` of its own), is refused."""
        path = "/tmp/grader-guard-test-%d.sock" % os.getpid()

        def attempt(call):
            r, w = os.pipe()

            def body():
                import socket
                os.close(r)
                guard = load_guard(w)
                ours, driver = {"socket": socket}, {}
                exec(compile("def op(p):\n    with socket.socket(socket.AF_UNIX) as s:\n        s.connect(p)\n",
                             "<harness>", "exec"), ours)
                driver["op"] = ours["op"]
                exec(compile("def fetch(p):\n    return op(p)\n", "<harness>", "exec"), driver)
                guard["_seal_python"](ours, driver, False)
                try:
                    call(ours, driver)
                except PermissionError:
                    os._exit(9)
                except OSError:  # nobody listens there: the connection itself was allowed
                    os._exit(0)
            code = in_child(body)
            os.close(w)
            with os.fdopen(r) as f:
                return code, [json.loads(line)["event"] for line in f.read().splitlines()]

        self.assertEqual(attempt(lambda ours, driver: driver["fetch"](path)), (0, []))
        self.assertEqual(attempt(lambda ours, driver: ours["op"](path)), (9, ["socket.connect"]))

        def compiled_into_the_driver(ours, driver):
            exec(compile("def forged(p):\n    return op(p)\n", "<harness>", "exec"), driver)
            driver["forged"](path)
        self.assertEqual(attempt(compiled_into_the_driver), (9, ["socket.connect"]))


if __name__ == "__main__":
    unittest.main()
