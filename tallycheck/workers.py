"""Worker processes for ``--jobs``: each task in a process forked for it alone.

:func:`run_forked` runs ``work(i)`` for every task ``i`` with at most ``jobs`` processes
at a time.  Each process is forked from this one just before its task, so it sees what
this process holds (the input, the plan) without having it sent, holds one task's records
at most, never walks them with the cyclic collector (off for a run, tallycheck.cli) and
ends without freeing them one by one (``os._exit``).  A task's result is pickled to a
file in ``folder``; this process reads it back as soon as the task ends and starts the
next one at once.

A task that fails is a bug: the traceback goes to a file beside the result, and
:class:`WorkerFailed` carries its last line (the command reports it as an internal error).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import traceback
from typing import Callable

# What the tasks of the current run read (set before the forks, so never sent).
PAYLOAD: tuple = ()


class WorkerFailed(RuntimeError):
    """A worker ended without its result: an exception in it (a bug), or it was killed
    (``killed``: by the system running out of memory, or by a user)."""

    def __init__(self, message: str, killed: bool = False) -> None:
        super().__init__(message)
        self.killed = killed


def run_forked(
    work: Callable[[int], object],
    payload: tuple,
    count: int,
    jobs: int,
    folder: str,
    progress: Callable[[list], None] | None = None,
) -> list:
    """``[work(0), …, work(count - 1)]``, each run in a process of its own, ``jobs`` at a
    time, with :data:`PAYLOAD` set to ``payload``; ``progress(results so far)`` after each."""
    global PAYLOAD
    PAYLOAD = payload
    results: list = [None] * count
    running: dict[int, tuple[int, int]] = {}  # end of a worker's pipe -> (process id, task)
    started = finished = 0
    gc.freeze()  # what this process holds is never scanned again, here or in the workers
    try:
        while finished < count:
            while started < count and len(running) < jobs:
                pid, end = _fork(work, started, folder)
                running[end] = (pid, started)
                started += 1
            ready, _, _ = select.select(list(running), [], [])  # a worker's pipe closes as it ends
            for end in ready:
                pid, task = running.pop(end)
                os.close(end)
                _, status = os.waitpid(pid, 0)
                results[task] = load_result(folder, task, status)
                finished += 1
                if progress is not None:
                    progress([r for r in results if r is not None])
    finally:
        for end, (pid, _) in running.items():  # interrupted, or a task failed: stop the others
            try:
                os.close(end)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
        gc.unfreeze()
        PAYLOAD = ()
    return results


def _fork(work: Callable[[int], object], task: int, folder: str) -> tuple[int, int]:
    """Start a worker on ``task``: its process id and the end of a pipe that closes when it ends
    (waiting on the pipes waits for these workers only, not for any other child)."""
    end, worker_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(worker_end)
        return pid, end
    os.close(end)
    code = 1  # in the worker: run the task, write its result, leave without cleaning up
    try:
        save_result(folder, task, work(task))
        code = 0
    except BaseException:  # noqa: B036 - whatever it is, the parent must hear of it
        save_error(folder, task)
    finally:
        os._exit(code)


def save_result(folder: str, task: int, result: object) -> None:
    """In a worker: its task's result, for :func:`load_result`."""
    with open(os.path.join(folder, f"{task}.result"), "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)


def save_error(folder: str, task: int) -> None:
    """In a worker, in an ``except`` block: the traceback, for the parent's message."""
    try:
        with open(os.path.join(folder, f"{task}.error"), "w", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
    except BaseException:  # noqa: B036 - nothing more can be said
        pass


def load_result(folder: str, task: int, status: int, what: str = "shard", missing_ok: bool = False) -> object:
    """A worker's result once it has ended with ``status``; :class:`WorkerFailed` if it was
    killed or failed, or (unless ``missing_ok``: then None) if it left none."""
    path = os.path.join(folder, f"{task}.result")
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        raise WorkerFailed(f"a worker process was killed by signal {-code} while checking {what} {task + 1} "
                           "(out of memory? try fewer --jobs)", killed=True)
    if code != 0 or not (missing_ok or os.path.exists(path)):
        raise WorkerFailed(f"a worker process failed on {what} {task + 1}: {_last_line(folder, task, status)}")
    if not os.path.exists(path):
        return None
    with open(path, "rb") as fh:
        result = pickle.load(fh)
    os.unlink(path)
    return result


def _last_line(folder: str, task: int, status: int) -> str:
    try:
        with open(os.path.join(folder, f"{task}.error"), encoding="utf-8") as fh:
            lines = [line for line in fh.read().splitlines() if line.strip()]
        return lines[-1] if lines else "no message"
    except OSError:
        return f"exit status {os.waitstatus_to_exitcode(status)}"
