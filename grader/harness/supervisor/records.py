"""The rules for a child's trace records, which are as untrusted as anything the child writes: each
is one JSON object with a string `kind`; only the first `final` counts, and a record after it (or
a second one) is a sign of tampering; records and bytes are capped. Whatever breaks a rule flags
the run (harness.integrity) with one of the problems below."""
import json

TOO_LONG = "a trace record longer than the harness ever writes"
TOO_MUCH = "more trace data than the harness ever writes"
FOREIGN = "a trace record that is not the harness's"
AFTER_FINAL = "a trace record after the run's final record"


def refusal(record):
    """The problem a `refused` record states: the runner's guard refused a call of the submission's,
    a claim against itself, which no submission makes to pass."""
    where = f" on line {record['line']}" if isinstance(record.get("line"), int) else ""
    return (f"your code tried {str(record.get('event'))[:40]} ({str(record.get('detail'))[:80]})"
            f"{where}, which the grading sandbox refuses")


class TraceRecords:
    """One run's trace, line by line (`take`), with `flag(problem)` called for each broken rule."""

    def __init__(self, limits, flag):
        self.cap, self.byte_cap = limits["traceRecords"], limits["traceBytes"]
        self.flag = flag
        self.records = []  # the first `cap` records the run acts on, in order
        self.count = 0  # how many there were
        self.bytes = 0
        self.final = None
        self.begun = False
        self.pendings = 0  # `pending` records: the host takes exactly one, so two say as much as more

    def too_long(self):
        self.flag(TOO_LONG)

    def take(self, line):
        """Judges one line read from the pipe. Returns what PID 1 acts on: ("final", record) for
        the run's result, ("loop", epfd) for the loop's own epoll descriptor (only from the first
        record of all, written by the runner before the submission was imported), ("begin",
        record) once for the call's beginning, ("record", record) for any other kept record, or
        None for a line that counts for nothing."""
        self.bytes += len(line)
        if self.bytes > self.byte_cap:
            self.flag(TOO_MUCH)
            return None  # the caller keeps draining, so that the child never blocks on a full pipe
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict) or not isinstance(record.get("kind"), str):
            self.flag(FOREIGN)
            return None
        if self.final is not None:
            self.flag(AFTER_FINAL)
            return None
        kind = record["kind"]
        if kind == "final":
            self.final = record
            return "final", record
        if kind == "refused":
            self.flag(refusal(record))  # the run is flagged whatever follows
            return None
        event = ("record", record)
        if kind == "loop" and self.count == 0 and isinstance(record.get("epfd"), int):
            event = ("loop", record["epfd"])
        elif kind == "begin" and not self.begun:
            self.begun = True
            event = ("begin", record)
        self.count += 1
        # The tasks left running are kept beyond the cap: written last, they are the run's result.
        if kind == "pending" and self.pendings < 2:
            self.pendings += 1
            self.records.append(record)
        elif len(self.records) < self.cap:
            self.records.append(record)
        return event
