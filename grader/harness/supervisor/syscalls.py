"""The x86_64 system call numbers the sampler judges by, from the harness's one table
(grader/harness/syscalls.json, which grader/checks/view.ts reads too). Elsewhere the sampler
reports them unclassified."""
import json

from . import harness_file

TABLE = json.loads(harness_file("syscalls.json"))
NR = TABLE["numbers"]
# Syscalls in which an idle event loop waits (epoll_wait, epoll_pwait, epoll_pwait2), and futex
# (a lock or the GIL).
SELECTOR_WAITS = {NR[name] for name in TABLE["selectorWaits"]}
FUTEX = NR["futex"]
SOCKET_CALLS = {NR[name] for name in TABLE["socketCalls"]}
SOCKET_READS = {NR[name] for name in TABLE["socketReads"]}  # read, recvfrom, recvmsg: a thread waiting for an answer
