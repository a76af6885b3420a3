"""PID 1's first code: imports the supervisor package from memory and starts it.

The sandbox image holds no harness: the container's command (grader/sandbox/container.ts, BOOT) reads
one JSON line on stdin, {"boot": this file, "files": {path under grader/harness: text}}, and runs
this file with those files as FILES. The supervisor package is imported from them (nothing of it is
on the read-only disk, and nothing is read from /tmp, where a submission writes), so that a
package costs no more than one file did: every module is compiled once, at the container's start,
before the payload arrives.
"""
import sys
from importlib.machinery import ModuleSpec


class HarnessFiles:
    """A finder and loader for the modules among FILES (`supervisor/...py`), and the reader of the
    other files the package needs (the zygote's program, the table of system call numbers)."""

    def __init__(self, files):
        self.files = files

    def find_spec(self, name, path=None, target=None):
        base = name.replace(".", "/")
        for file, package in ((base + "/__init__.py", True), (base + ".py", False)):
            if file in self.files:
                spec = ModuleSpec(name, self, origin=f"<harness>/{file}", is_package=package)
                spec.has_location = False
                return spec
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        file = module.__spec__.origin[len("<harness>/"):]
        exec(compile(self.files[file], f"<{file}>", "exec"), module.__dict__)

    def harness_file(self, name):
        return self.files[name]


if __name__ == "__supervisor__":
    sys.meta_path.insert(0, HarnessFiles(FILES))  # noqa: F821 - given by the container's command
    del FILES  # noqa: F821
    from supervisor.__main__ import start

    start()
