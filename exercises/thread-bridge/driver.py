import concurrent.futures
import threading

STOP_WAIT = 2.5  # how long stop_loop may take before the grader concludes the loop never stops


class InventoryError(Exception):
    pass


def kind(obj):
    if isinstance(obj, concurrent.futures.Future):
        return "concurrent.futures.Future"
    if asyncio.isfuture(obj):
        return "asyncio.Future"
    if asyncio.iscoroutine(obj):
        return "coroutine"
    return type(obj).__name__


def slow_to_stop(loop, h):
    """Stopping takes a moment on the loop's thread: stop_loop must wait for the thread (join).
    The moment is served by the supervisor (`linger`), which sees when it began and ended."""
    original = loop.stop

    def stop():
        original()
        if asyncio._get_running_loop() is loop:
            h.op_blocking("linger", "stop")

    loop.stop = stop


def bridge(sol, args, h):
    out = {"caller": threading.get_ident()}
    before = {t.ident for t in threading.enumerate()}
    loop = sol.start_loop()
    out["loop"] = kind(loop) if not isinstance(loop, asyncio.AbstractEventLoop) else "loop"
    if out["loop"] != "loop":
        return out
    new = [t for t in threading.enumerate() if t.ident not in before]
    out["new_threads"] = [{"name": t.name, "daemon": t.daemon} for t in new]

    async def probe(i):
        # The job's delay and token live in the supervisor: it sees the jobs in flight.
        with h.Span("job", i) as span:
            span.data["coro"] = span.data["fn"] = f"job {i}"
            where = {"thread": threading.get_ident(), "daemon": threading.current_thread().daemon,
                     "same_loop": asyncio.get_running_loop() is loop}
            token = await h.op("job", str(i))
        return {**where, "token": token}

    async def failing():
        raise InventoryError(await h.op("fail", "0"))

    # Several coroutines at once: each submit must return a pending future at once.
    futures, out["done_at_submit"], out["submit_took"] = [], [], []
    first = h.now()
    for i in range(args["jobs"]):
        t0 = h.now()
        try:
            fut = sol.submit(loop, probe(i))
        except BaseException as exc:  # noqa: BLE001
            fut = exc
        out["submit_took"].append(h.now() - t0)
        out["done_at_submit"].append(isinstance(fut, concurrent.futures.Future) and fut.done())
        futures.append(fut)
    out["kinds"] = [kind(f) for f in futures]
    results = []
    for f in futures:
        try:
            results.append(f.result(timeout=3) if isinstance(f, concurrent.futures.Future) else None)
        except BaseException as exc:  # noqa: BLE001 - the student's failure is evidence
            results.append({"error": type(exc).__name__})
    out["all_took"] = h.now() - first
    out["results"] = results
    h.op_blocking("collected", "all")  # when the caller had every result, by the supervisor's clock

    # An exception raised by the coroutine must reach the caller through its future.
    try:
        fut = sol.submit(loop, failing())
    except BaseException as exc:  # noqa: BLE001
        fut = None
        out["error"] = {"raised_in_submit": type(exc).__name__}
    if fut is None:
        pass
    elif isinstance(fut, concurrent.futures.Future):
        try:
            exc = fut.exception(timeout=3)
            out["error"] = {"type": type(exc).__name__, "message": str(exc)} if exc else None
        except BaseException as exc:  # noqa: BLE001
            out["error"] = {"waiting": type(exc).__name__}
    else:
        out["error"] = {"returned": kind(fut)}

    threads = {r["thread"] for r in results if isinstance(r, dict) and "thread" in r}
    loop_thread = next((t for t in threading.enumerate() if t.ident in threads and t is not threading.main_thread()),
                       None) or (new[0] if new else None)
    slow_to_stop(loop, h)
    stopped = threading.Event()

    def stopper():
        t0 = h.now()
        try:
            sol.stop_loop(loop)
        except BaseException as exc:  # noqa: BLE001
            out["stop_error"] = f"{type(exc).__name__}: {exc}"
        out["stop_took"] = h.now() - t0
        h.op_blocking("returned", "stop")  # when stop_loop returned, by the supervisor's clock
        out["alive_after_stop"] = bool(loop_thread and loop_thread.is_alive())
        stopped.set()

    # In a thread of the grader's, so that a stop_loop that never returns is reported, not waited on.
    threading.Thread(target=stopper, name="grader-stop", daemon=True).start()
    out["stop_returned"] = stopped.wait(STOP_WAIT)
    if loop_thread and out["stop_returned"]:
        loop_thread.join(1.5)  # a stop_loop that did not join: did the loop stop at all?
    out["stopped_eventually"] = not loop.is_running() and not (loop_thread and loop_thread.is_alive())
    out["left"] = [t.name for t in threading.enumerate()
                   if t.is_alive() and t is not threading.main_thread() and t.name != "grader-stop"]
    return out
