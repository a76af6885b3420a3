"""Every read of /proc the sampler makes goes through one seam, `Proc`: a unit test hands the
sampler a stand-in that answers with text it wrote (a thread's stat, schedstat and syscall files)
instead of a live process's."""
import os


class Proc:
    """The live /proc. Paths are relative to it: `"<pid>/task/<tid>/stat"`."""

    root = "/proc/"

    def read(self, path):
        with open(self.root + path) as f:
            return f.read()

    def lines(self, path):
        with open(self.root + path) as f:
            return f.readlines()

    def listdir(self, path=""):
        return os.listdir(self.root + path)

    def readlink(self, path):
        return os.readlink(self.root + path)


def zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in "ZX"
    except (OSError, IndexError):
        return True
