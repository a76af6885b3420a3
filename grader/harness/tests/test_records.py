"""Record validation (supervisor/records.py): what a child writes on its trace pipe is untrusted;
each rule it breaks flags the run once. Also PID 1's clock (supervisor/clock.py) and a run's live
lines (supervisor/report.py)."""
import json
import unittest

import helpers  # noqa: F401 - puts grader/harness on the path
from supervisor import clock, records
from supervisor.report import LiveStream

LIMITS = {"traceRecords": 3, "traceBytes": 400}


def line(record):
    return (json.dumps(record) + "\n").encode()


class TraceRules(unittest.TestCase):
    def setUp(self):
        self.flags = []
        self.trace = records.TraceRecords(LIMITS, self.flags.append)

    def take(self, *lines):
        return [self.trace.take(x if isinstance(x, bytes) else line(x)) for x in lines]

    def test_a_record_is_a_json_object_with_a_string_kind(self):
        events = self.take(b"not json\n", b"[1]\n", {"kind": 3}, {"no": "kind"}, b"\xff\n", {"kind": "line"})
        self.assertEqual(events, [None] * 5 + [("record", {"kind": "line"})])
        self.assertEqual(self.flags, [records.FOREIGN] * 5)
        self.assertEqual(self.trace.count, 1)

    def test_only_the_first_final_counts_and_nothing_may_follow_it(self):
        events = self.take({"kind": "final", "ok": True}, {"kind": "final", "ok": False}, {"kind": "line"})
        self.assertEqual(events, [("final", {"kind": "final", "ok": True}), None, None])
        self.assertEqual(self.trace.final, {"kind": "final", "ok": True})
        self.assertEqual(self.flags, [records.AFTER_FINAL] * 2)
        self.assertEqual(self.trace.records, [])  # the final record is the result, not a trace record

    def test_the_loops_descriptor_is_taken_from_the_first_record_only(self):
        self.assertEqual(self.take({"kind": "loop", "epfd": 7}), [("loop", 7)])
        self.assertEqual(self.take({"kind": "loop", "epfd": 9}), [("record", {"kind": "loop", "epfd": 9})])

    def test_a_first_loop_record_without_a_descriptor_names_none(self):
        self.assertEqual(self.take({"kind": "loop", "epfd": "7"}), [("record", {"kind": "loop", "epfd": "7"})])

    def test_the_call_begins_once(self):
        events = self.take({"kind": "begin", "t": 1}, {"kind": "begin", "t": 2})
        self.assertEqual([e[0] for e in events], ["begin", "record"])

    def test_records_are_kept_up_to_the_cap_and_all_counted(self):
        self.take(*({"kind": "span", "i": i} for i in range(5)))
        self.assertEqual([r["i"] for r in self.trace.records], [0, 1, 2])
        self.assertEqual(self.trace.count, 5)
        self.assertEqual(self.flags, [])

    def test_the_tasks_left_running_are_kept_beyond_the_cap_two_at_most(self):
        self.take(*({"kind": "span", "i": i} for i in range(4)), *({"kind": "pending", "n": n} for n in range(3)))
        self.assertEqual([r.get("n") for r in self.trace.records if r["kind"] == "pending"], [0, 1])
        self.assertEqual(len(self.trace.records), 5)  # three spans (the cap), then two pending records

    def test_past_the_byte_cap_every_line_is_drained_and_flagged(self):
        big = {"kind": "span", "pad": "x" * 150}
        events = self.take(big, big, big, {"kind": "final"})
        self.assertEqual([e and e[0] for e in events], ["record", "record", None, None])
        self.assertEqual(self.flags, [records.TOO_MUCH] * 2)
        self.assertIsNone(self.trace.final)

    def test_a_refusal_is_the_guards_claim_against_the_code_and_is_not_kept(self):
        self.assertEqual(self.take({"kind": "refused", "event": "os.fork", "detail": "()", "line": 4}), [None])
        self.assertEqual(self.take({"kind": "refused", "event": "gc.get_objects", "detail": "", "line": "4"}), [None])
        self.assertEqual(self.flags, [
            "your code tried os.fork (()) on line 4, which the grading sandbox refuses",
            "your code tried gc.get_objects (), which the grading sandbox refuses",  # a line that is no number
        ])
        self.assertEqual(self.trace.count, 0)

    def test_a_refusals_words_are_capped(self):
        problem = records.refusal({"event": "e" * 100, "detail": "d" * 200})
        self.assertEqual(problem, f"your code tried {'e' * 40} ({'d' * 80}), which the grading sandbox refuses")


class Clock(unittest.TestCase):
    def test_the_wait_for_a_cpu_is_not_charged(self):
        self.assertEqual(clock.charged(wall=3.0, queue_wait=1.0, burned=0.5), 2.0)

    def test_the_containers_own_cpu_always_is(self):
        self.assertEqual(clock.charged(wall=3.0, queue_wait=2.5, burned=1.5), 1.5)

    def test_the_limit_and_its_hard_cap(self):
        self.assertFalse(clock.over_limit(limit=2.0, wall=3.0, charged_s=1.9))
        self.assertTrue(clock.over_limit(limit=2.0, wall=3.0, charged_s=2.1))
        self.assertTrue(clock.over_limit(limit=2.0, wall=8.1, charged_s=0.1))  # 4x the limit, whatever the load

    def test_own_run_queue_wait_is_readable(self):
        self.assertGreaterEqual(clock.run_queue_wait("self"), 0.0)
        self.assertEqual(clock.run_queue_wait(-1), 0.0)


class Live(unittest.TestCase):
    def test_each_line_carries_the_nonce_and_the_caps_hold(self):
        stream = LiveStream("n0", "s1", {"lines": 3, "bytes": 1 << 16})
        data = stream.encode([{"text": "a"}, {"text": "b"}], 0.5) + stream.encode([{"text": "c"}, {"text": "d"}], 0.7)
        lines = [json.loads(x) for x in data.splitlines()]
        self.assertEqual(lines[0], {"nonce": "n0", "live": {"scenario": "s1", "t": 0.5, "text": "a"}})
        self.assertEqual([x["live"]["text"] for x in lines], ["a", "b", "c"])

    def test_past_the_byte_cap_nothing_more_is_streamed(self):
        stream = LiveStream("n0", "s1", {"lines": 100, "bytes": 150})
        first = stream.encode([{"text": "x" * 60}, {"text": "y" * 60}], 0.1)
        self.assertEqual(len(first.splitlines()), 1)
        self.assertEqual(stream.encode([{"text": "z"}], 0.2), b"")


if __name__ == "__main__":
    unittest.main()
