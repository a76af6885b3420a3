"""What PID 1 writes on its stdout, which only it holds (the zygote gets /dev/null, each child its
own pipes): for a run (the payload's "live", never a grading's) each printed line as it is read,
then, for both, the one report. Every line carries the run's nonce, which never reaches the child,
so no line of the student's can pass for one of these: what it prints is only ever a `text`."""
import json
import os

# PID 1's first line on stderr once it is ready for its payload (grader/sandbox/container.ts).
BOOTED = b"booted\n"
# After the report: see __main__.main().
REPORT_LINGER_S = 1.0


def write_all(fd, data):
    """A blocking pipe: a short write (a signal) leaves the rest to write."""
    while data:
        data = data[os.write(fd, data):]


def report_line(nonce, scenarios):
    return json.dumps({"nonce": nonce, "scenarios": list(scenarios)}).encode() + b"\n"


class LiveStream:
    """One scenario's live lines: `{"nonce", "live": {scenario, t, text}}`, `t` since the scenario's
    start by PID 1's clock, each the moment it is read, before the report. Capped in lines and
    bytes (`caps`, the payload's "live"); the output limit already caps what is read, and the
    report, written last, stays the whole truth."""

    def __init__(self, nonce, scenario_id, caps):
        self.nonce, self.scenario_id, self.caps = nonce, scenario_id, caps
        self.lines = 0
        self.bytes = 0

    def encode(self, lines, t):
        """The records of `lines` ({"text"}) read at `t`, as many as the caps still allow."""
        out = []
        for line in lines:
            if self.lines >= self.caps["lines"]:
                break
            record = json.dumps({"nonce": self.nonce,
                                 "live": {"scenario": self.scenario_id, "t": t, "text": line["text"]}}).encode() + b"\n"
            if self.bytes + len(record) > self.caps["bytes"]:
                self.lines = self.caps["lines"]  # past the byte cap nothing more is streamed
                break
            self.lines += 1
            self.bytes += len(record)
            out.append(record)
        return b"".join(out)
