"""The one table of system call numbers (grader/harness/syscalls.json): the kernel's numbers, the
ones the sampler judges by, and the ones runner.py's seccomp filter names (written there by hand:
the runner runs inside the child before the submission, with nothing but its own source)."""
import json
import os
import re
import struct
import unittest

from helpers import HARNESS, load_guard
from supervisor import syscalls

with open(os.path.join(HARNESS, "syscalls.json"), encoding="utf-8") as f:
    TABLE = json.load(f)
NR = TABLE["numbers"]
UNISTD = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"


class Table(unittest.TestCase):
    @unittest.skipUnless(os.path.exists(UNISTD), "needs the kernel's x86_64 headers")
    def test_every_number_is_the_kernels(self):
        with open(UNISTD, encoding="utf-8") as f:
            kernel = {m[1]: int(m[2]) for m in re.finditer(r"#define __NR_(\w+) (\d+)", f.read())}
        self.assertEqual({name: kernel.get(name) for name in NR}, NR)

    def test_the_sets_name_calls_of_the_table(self):
        for group in ("selectorWaits", "socketCalls", "socketReads"):
            self.assertTrue(set(TABLE[group]) <= set(NR), group)
        self.assertTrue(set(TABLE["socketReads"]) <= set(TABLE["socketCalls"]))

    def test_the_sampler_judges_by_the_numbers_it_always_did(self):
        self.assertEqual(syscalls.SELECTOR_WAITS, {232, 281, 441})
        self.assertEqual(syscalls.FUTEX, 202)
        self.assertEqual(syscalls.SOCKET_CALLS, {0, 1, 19, 20, 42, 43, 44, 45, 46, 47, 288})
        self.assertEqual(syscalls.SOCKET_READS, {0, 45, 47})


def filtered_calls(program):
    """The system call numbers a seccomp program compares the call's number with."""
    ld, jeq = 0x20, 0x15
    loaded, calls = None, set()
    for insn in program:
        code, _, _, k = struct.unpack("HBBI", insn)
        if code == ld:
            loaded = k
        elif code == jeq and loaded == 0:  # offset 0 of struct seccomp_data: the call's number
            calls.add(k)
    return calls


class RunnersFilter(unittest.TestCase):
    def test_the_runners_seccomp_filter_names_the_tables_calls(self):
        r, w = os.pipe()
        try:
            program = load_guard(w)["_seccomp_program"](w)
        finally:
            os.close(r)
            os.close(w)
        names = ("fork", "vfork", "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev",
                 "clone3", "clone", "prctl", "close", "dup2", "dup3")
        self.assertEqual(filtered_calls(program), {NR[name] for name in names})


if __name__ == "__main__":
    unittest.main()
