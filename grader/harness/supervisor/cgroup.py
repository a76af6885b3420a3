"""The container's own counters, read from its cgroup (v1 or v2): CPU used by everything in it, OOM
kills, forks refused at the pids limit. The child's code cannot rewrite them."""


def container_cpu_stat():
    """(CPU seconds used by everything in this container, seconds it was throttled by its CPU
    quota), cgroup v2 or v1; either is None where it cannot be read."""
    usage = throttled = None
    for path, keys in (("/sys/fs/cgroup/cpu.stat", {"usage_usec": 1e6, "throttled_usec": 1e6}),
                       ("/sys/fs/cgroup/cpu/cpu.stat", {"throttled_time": 1e9})):
        try:
            with open(path) as f:
                values = dict(line.split()[:2] for line in f if line.strip())
        except (OSError, ValueError):
            continue
        if "usage_usec" in values:
            usage = int(values["usage_usec"]) / keys["usage_usec"]
        throttled_key = next(k for k in keys if k.startswith("throttled"))
        if throttled_key in values:
            throttled = int(values[throttled_key]) / keys[throttled_key]
        break
    if usage is None:
        try:
            with open("/sys/fs/cgroup/cpuacct/cpuacct.usage") as f:
                usage = int(f.read()) / 1e9
        except (OSError, ValueError):
            pass
    return usage, throttled


def container_cpu_seconds():
    """CPU time used by everything in this container (cgroup v1 or v2), or None."""
    return container_cpu_stat()[0]


def pids_limit_hits():
    """How often a fork failed at the container's pids limit (cgroup v1 or v2), or None."""
    for path in ("/sys/fs/cgroup/pids/pids.events", "/sys/fs/cgroup/pids.events"):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith("max "):
                        return int(line.split()[1])
        except OSError:
            continue
    return None


def memory_failcnt():
    """How many processes the kernel's OOM killer has killed in this container (cgroup v1's
    memory.oom_control or v2's memory.events), else how often usage hit the limit, or None. The
    hit counter alone misses a kill when swap is capped too: then memsw's limit is the one hit."""
    for path in ("/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith("oom_kill "):
                        return int(line.split()[1])
        except (OSError, ValueError):
            continue
    for path in ("/sys/fs/cgroup/memory/memory.memsw.failcnt", "/sys/fs/cgroup/memory/memory.failcnt"):
        try:
            with open(path) as f:
                return int(f.read().strip() or 0)
        except (OSError, ValueError):
            continue
    return None
