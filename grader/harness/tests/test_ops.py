"""The ops protocol (supervisor/ops.py): one JSON request per line, one JSON reply per line; what is
not a request ends the connection unanswered; answers and ledger come from the hidden table."""
import asyncio
import json
import os
import tempfile
import unittest

import helpers  # noqa: F401 - puts grader/harness on the path
from supervisor.ops import OpsServer, lookup, parse_request, reply_for

TABLE = {"query": {"a": {"delay": 0.05, "result": "A"}, "[1, 2]": {"result": 3}, "null": {"result": "none"}},
         "fail": {"x": {"error": "boom"}}}


class Requests(unittest.TestCase):
    def test_a_request_is_an_object_with_an_op(self):
        self.assertEqual(parse_request(b'{"op": "query", "arg": "a"}\n'), ("query", "a"))
        self.assertEqual(parse_request(b'{"op": "query"}\n'), ("query", None))
        self.assertEqual(parse_request(b'{"op": 7, "arg": [1]}\n'), ("7", [1]))  # the name as text

    def test_anything_else_is_refused(self):
        for raw in (b"not json\n", b"\xff\xfe\n", b"[1, 2]\n", b'"query"\n', b"7\n", b"null\n", b'{"arg": "a"}\n',
                    b"{\n"):
            self.assertIsNone(parse_request(raw), raw)

    def test_arguments_are_keyed_as_text_or_as_their_json(self):
        self.assertEqual(lookup(TABLE, "query", "a"), TABLE["query"]["a"])
        self.assertEqual(lookup(TABLE, "query", [1, 2]), {"result": 3})
        self.assertEqual(lookup(TABLE, "query", None), {"result": "none"})
        self.assertIsNone(lookup(TABLE, "query", [2, 1]))
        self.assertIsNone(lookup(TABLE, "nope", "a"))

    def test_replies(self):
        self.assertEqual(reply_for({"result": [1]}, "q", 1), {"result": [1]})
        self.assertEqual(reply_for({"delay": 1}, "q", 1), {"result": None})
        self.assertEqual(reply_for({"error": "boom", "result": 1}, "q", 1), {"error": "boom"})
        self.assertEqual(reply_for(None, "q", "z"), {"error": "unknown q('z')"})


class Server(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.path = os.path.join(tempfile.mkdtemp(), "ops.sock")
        self.ops = OpsServer(TABLE, self.path, mark=lambda: 42)
        await self.ops.start()

    async def asyncTearDown(self):
        self.ops.close()

    async def test_one_connection_carries_calls_one_after_another(self):
        reader, writer = await asyncio.open_unix_connection(self.path)
        replies = []
        for arg in ("a", [1, 2], None):
            writer.write((json.dumps({"op": "query", "arg": arg}) + "\n").encode())
            replies.append(json.loads(await reader.readline()))
        writer.close()
        self.assertEqual(replies, [{"result": "A"}, {"result": 3}, {"result": "none"}])
        calls = self.ops.report()["calls"]
        self.assertEqual([c["in_flight"] for c in calls], [1, 1, 1])
        self.assertTrue(all(c["mainWrites"] == 42 for c in calls))  # the mark, read as each answer goes out
        self.assertGreaterEqual(calls[0]["end"] - calls[0]["start"], 0.04)

    async def test_a_malformed_request_ends_the_connection_unanswered_and_unrecorded(self):
        reader, writer = await asyncio.open_unix_connection(self.path)
        writer.write(b'["query", "a"]\n{"op": "query", "arg": "a"}\n')
        self.assertEqual(await reader.read(), b"")
        writer.close()
        self.assertEqual(self.ops.report(), {"calls": [], "max_in_flight": 0})

    async def test_the_socket_file_is_gone_once_closed(self):
        self.assertTrue(os.path.exists(self.path))
        self.ops.close()
        self.assertFalse(os.path.exists(self.path))


if __name__ == "__main__":
    unittest.main()
