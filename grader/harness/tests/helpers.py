"""Loads the harness's two programs for unit tests: the supervisor package from grader/harness, and
the runner's tamper guard (the section between its markers) in a namespace of its own, since the
runner itself only runs inside a child the zygote forked."""
import json
import os
import sys
import threading
import time
import types

HARNESS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if HARNESS not in sys.path:
    sys.path.insert(0, HARNESS)


def load_supervisor():
    """The supervisor's parts under their old single-module names (sup.ThreadSampler, ...)."""
    from supervisor import census, ops, scenario, sampler

    return types.SimpleNamespace(ThreadSampler=sampler.ThreadSampler, OpsServer=ops.OpsServer,
                                 ScenarioSupervision=scenario.ScenarioSupervision, Family=census.Family)


def _runner_section(start, end, namespace):
    with open(os.path.join(HARNESS, "runner.py"), encoding="utf-8") as f:
        source = f.read()
    exec(compile(source[source.index(start):source.index(end)], "<guard>", "exec"), namespace)
    return namespace


def load_guard(trace_fd):
    return _runner_section("# --- the tamper guard", "# --- awaited operations", {
        "os": os, "sys": sys, "json": json, "threading": threading, "time": time, "types": types,
        "_write": os.write, "_trace_fd": trace_fd})


def load_task_census():
    """The runner's view of the loop's tasks (_all_tasks, _current_task), as the runner defines it."""
    import asyncio
    import gc
    return _runner_section("# --- the loop's tasks", "# --- the trace", {
        "asyncio": asyncio, "gc": gc, "_get_running_loop": asyncio.events._get_running_loop})


def in_child(body):
    """Runs body() in a forked child; returns its exit code as waitstatus_to_exitcode gives it
    (negative: the signal that ended it)."""
    pid = os.fork()
    if pid == 0:
        try:
            body()
        except BaseException:  # noqa: BLE001 - the exit code says it
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)
