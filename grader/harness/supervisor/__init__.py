"""Grading supervisor: PID 1 of the sandbox container.

It reads one JSON payload on stdin (harness sources, the submission, the scenarios), runs each
scenario in a child interpreter, and writes one JSON report on its own stdout (a run, never a
grading, first streams each printed line there as it is read: see report.LiveStream). The child
never holds a descriptor of that stdout, cannot signal PID 1 (the kernel drops signals to a
namespace's init that has no handler) and cannot read this process's memory or descriptors (not
dumpable): whatever the submission does, the report comes from here. Fixture servers live here
too, so what they observe (requests in flight, their timestamps) is outside the submission's reach.

Its parts, each a module:
  __main__      the program: the zygote first, then the payload, the scenarios, the report
  zygote.py     the zygote's own program (run by its interpreter, never imported here)
  children      PID 1's side of the zygote, and the child it forks, shaped like a subprocess
  census        the harness's own processes (a ledger of pids), and killing every other one
  scenario      one scenario in one child: its workdir, output, records, limits and result
  records       the rules for the trace records a child writes (as untrusted as the child)
  sampler       the child's threads, sampled from /proc: running, blocked or idle, and in which call
  proc          every read of /proc the sampler makes, through one seam a unit test replaces
  syscalls      the shared table of system call numbers (grader/harness/syscalls.json)
  clock         what a child is charged for: its time less its wait for a CPU
  cgroup        the container's own counters: CPU used, OOM kills, forks refused
  ops           grader-supplied operations, served on a unix socket
  http_fixture  pages served with their delays, every request recorded
  report        what PID 1 writes on its stdout: a run's live lines, then the one report

In the container the package is imported from memory (grader/harness/boot.py); on a host (the unit
tests) from grader/harness/supervisor/.
"""
import os


def harness_file(name):
    """A file of the harness (a path under grader/harness) as text: handed over with the package
    in the container, read from the disk elsewhere."""
    loader = __spec__.loader
    if hasattr(loader, "harness_file"):
        return loader.harness_file(name)
    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), name),
              encoding="utf-8") as f:
        return f.read()
