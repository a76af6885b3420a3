"""The runner's evidence about tasks and sessions: the tasks left running are found however the
submission hides them from asyncio's registry, and the guard names the task that awaited each grader
operation, and the session that opened each connection to the HTTP fixture, by the call's frames."""
import asyncio
import gc
import json
import os
import unittest

from helpers import in_child, load_guard, load_task_census


class TasksLeftRunning(unittest.TestCase):
    def left_running(self, hide):
        """The coroutine names of the tasks left running after `await hide(tasks)` on two waiting ones."""
        census = load_task_census()

        async def waiter():
            await asyncio.Event().wait()

        async def done():
            return 1

        async def main():
            tasks = [asyncio.create_task(waiter()) for _ in range(2)]
            finished = asyncio.create_task(done())
            await finished
            await asyncio.sleep(0)
            await hide(tasks)
            me = asyncio.current_task()
            left = [t for t in census["_all_tasks"]() if t is not me]
            for t in left:  # hidden from asyncio.run's own clean-up too
                t.cancel()
            await asyncio.gather(*left, return_exceptions=True)
            return sorted(t.get_coro().__name__ for t in left)
        try:
            return asyncio.run(main())
        finally:
            gc.unfreeze()

    def test_an_honest_program_leaves_none_behind_and_a_careless_one_is_seen(self):
        async def cancel(tasks):
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        async def leave(tasks):
            pass
        self.assertEqual(self.left_running(cancel), [])
        self.assertEqual(self.left_running(leave), ["waiter"] * 2)

    def test_tasks_taken_out_of_the_registry_are_still_found(self):
        async def hide(tasks):
            for t in tasks:
                asyncio.tasks._unregister_task(t)
                asyncio.tasks._all_tasks.discard(t)
            gc.freeze()
        self.assertEqual(self.left_running(hide), ["waiter"] * 2)

    def test_a_task_class_whose_methods_lie_is_judged_by_asyncios_own(self):
        census = load_task_census()

        class Quiet(asyncio.Task):
            def done(self):
                return True

            def get_loop(self):
                return None

        async def main():
            loop = asyncio.get_running_loop()
            quiet = Quiet(asyncio.Event().wait(), loop=loop)
            await asyncio.sleep(0)
            found = [t for t in census["_all_tasks"]() if t is quiet]
            quiet.cancel()
            return len(found)
        self.assertEqual(asyncio.run(main()), 1)


OPS = '''
import socket
async def op(p):
    with socket.socket(socket.AF_UNIX) as s:
        try:
            s.connect(p)
        except OSError:
            pass
'''
DRIVER = '''
async def process(p):
    return await op(p)
'''


class TaskOfEachOperation(unittest.TestCase):
    def roots(self, program):
        """The `op-task` records the guard wrote while program(process) ran: one task id per call."""
        r, w = os.pipe()

        def body():
            os.close(r)
            guard = load_guard(w)
            ours, driver = {}, {}
            exec(compile(OPS, "<harness>", "exec"), ours)
            driver["op"] = ours["op"]
            exec(compile(DRIVER, "<harness>", "exec"), driver)
            guard["_seal_python"](ours, driver, False, {"ops": True})
            asyncio.run(program(driver["process"], "/tmp/grader-tasks-test-%d.sock" % os.getpid()))
        code = in_child(body)
        os.close(w)
        with os.fdopen(r) as f:
            records = [json.loads(line) for line in f.read().splitlines()]
        self.assertEqual(code, 0, records)
        self.assertTrue(all(r["kind"] == "op-task" for r in records), records)
        return [r["task"] for r in records]

    def test_consumer_tasks_count_once_each_whatever_they_await_through(self):
        async def program(process, path):
            queue = asyncio.Queue()
            for _ in range(6):
                queue.put_nowait(path)

            async def handle(p):
                return await process(p)

            async def consumer():
                while not queue.empty():
                    await handle(queue.get_nowait())
                    await asyncio.sleep(0)
            await asyncio.gather(consumer(), consumer())
        tasks = self.roots(program)
        self.assertEqual((len(tasks), len(set(tasks))), (6, 2))

    def test_a_task_per_item_counts_as_many_tasks_as_items(self):
        async def program(process, path):
            sem = asyncio.Semaphore(2)

            async def one():
                async with sem:
                    await process(path)
            await asyncio.gather(*(one() for _ in range(5)))
        tasks = self.roots(program)
        self.assertEqual((len(tasks), len(set(tasks))), (5, 5))

    def test_calls_awaited_by_the_main_coroutine_count_as_one_task(self):
        async def program(process, path):
            for _ in range(3):
                await process(path)
        self.assertEqual(len(set(self.roots(program))), 1)


SESSION = '''
import socket
class ClientSession:
    async def _request(self, port):
        with socket.socket() as s:
            try:
                s.connect(("127.0.0.1", port))
            except OSError:
                pass
'''


class SessionOfEachConnection(unittest.TestCase):
    def test_each_connection_to_the_fixture_names_the_session_whose_request_opened_it(self):
        r, w = os.pipe()
        port = 9  # nothing listens: the connection is judged before it fails

        def body():
            import socket
            os.close(r)
            guard = load_guard(w)
            aiohttp = {}
            exec(SESSION, aiohttp)
            session = aiohttp["ClientSession"]
            guard["_seal_python"]({}, {}, False, {"session_request": session._request.__code__,
                                                  "fixture_port": port})

            async def main():
                one, two = session(), session()
                await asyncio.gather(one._request(port), one._request(port), two._request(port))
                await one._request(port + 1)  # another address: not the fixture's
                with socket.socket() as s:  # no session on the way
                    try:
                        s.connect(("127.0.0.1", port))
                    except OSError:
                        pass
            asyncio.run(main())
        self.assertEqual(in_child(body), 0)
        os.close(w)
        with os.fdopen(r) as f:
            records = [json.loads(line) for line in f.read().splitlines()]
        self.assertEqual([r["kind"] for r in records], ["connect-session"] * 4)
        ids = [r["session"] for r in records]
        self.assertEqual((ids[0] == ids[1], ids[1] != ids[2], ids[3]), (True, True, None))


if __name__ == "__main__":
    unittest.main()
