"""PID 1's loader (grader/harness/boot.py): the package imported from the files container.ts sends
(every supervisor/*.py and syscalls.json), in an isolated interpreter that cannot see the disk's
copy. The supervisor is only imported here, never started: as PID 1 it kills every other process."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

from helpers import HARNESS

PROBE = r'''
import json, sys
h = json.loads(sys.stdin.readline())
g = {"__name__": "__probe__"}
exec(compile(h["boot"], "<boot>", "exec"), g)
sys.meta_path.insert(0, g["HarnessFiles"](h["files"]))
import supervisor.__main__, supervisor.syscalls, supervisor.children
from supervisor import harness_file
print(json.dumps({"loaded": sorted(m for m in sys.modules if m.startswith("supervisor")),
                  "origin": supervisor.sampler.__spec__.origin,
                  "futex": supervisor.syscalls.FUTEX,
                  "zygote": harness_file("supervisor/zygote.py") == h["files"]["supervisor/zygote.py"],
                  "start": callable(supervisor.__main__.start)}))
'''


def sent_files():
    """What container.ts sends: the loader, and the package's modules with the syscall table."""
    names = sorted(n for n in os.listdir(os.path.join(HARNESS, "supervisor")) if n.endswith(".py"))
    files = {}
    for path in [f"supervisor/{n}" for n in names] + ["syscalls.json"]:
        with open(os.path.join(HARNESS, path), encoding="utf-8") as f:
            files[path] = f.read()
    with open(os.path.join(HARNESS, "boot.py"), encoding="utf-8") as f:
        return {"boot": f.read(), "files": files}


class Boot(unittest.TestCase):
    def test_the_package_is_imported_from_the_files_sent_alone(self):
        with tempfile.TemporaryDirectory() as elsewhere:
            run = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", PROBE], input=json.dumps(sent_files()) + "\n",
                                 capture_output=True, text=True, cwd=elsewhere, timeout=30)
        self.assertEqual(run.returncode, 0, run.stderr)
        seen = json.loads(run.stdout)
        self.assertIn("supervisor.scenario", seen["loaded"])
        self.assertEqual(seen["origin"], "<harness>/supervisor/sampler.py")  # from memory, not the disk
        self.assertEqual(seen["futex"], 202)
        self.assertTrue(seen["zygote"] and seen["start"])

    def test_the_zygote_is_a_program_of_its_own(self):
        with open(os.path.join(HARNESS, "supervisor", "zygote.py"), encoding="utf-8") as f:
            source = f.read()
        self.assertIn('if __name__ == "__main__":\n    zygote(int(sys.argv[1]))', source)
        self.assertNotIn("from .", source)  # it is never imported as part of the package


if __name__ == "__main__":
    unittest.main()
