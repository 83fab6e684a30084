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
A worker says when its result is written; it is read at once, and the worker's process,
still freeing its memory, is reaped later (:func:`reap`).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import sys
import traceback
from dataclasses import dataclass
from typing import Callable

# What the tasks of the current run read (set before the forks, so never sent).
PAYLOAD: tuple = ()
_KEPT: list = []


def keep(*made: object) -> None:
    """In a worker: keep what a task made (its documents, model, report) until the process
    leaves, which frees nothing (``os._exit``).  Returning from the task would otherwise
    free it object by object, a tenth of a second for a shard, before its result is sent."""
    _KEPT.append(made)


class WorkerFailed(RuntimeError):
    """A worker ended without its result: an exception in it (a bug), or the machine's
    doing, to be said plainly (``plain``): it was killed (by the system running out of
    memory, or by a user), or the system refused it something (a full disk)."""

    def __init__(self, message: str, plain: bool = False) -> None:
        super().__init__(message)
        self.plain = plain


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
    running: dict[int, Partner] = {}  # the end of a worker's pipe -> the worker
    started = finished = 0
    gc.freeze()  # what this process holds is never scanned again, here or in the workers
    try:
        while finished < count:
            while started < count and len(running) < jobs:
                worker = start_partner(lambda task, say, hear: (work(task),), started, folder)  # even None
                running[worker.up] = worker
                started += 1
            ready, _, _ = select.select(list(running), [], [])  # its result is ready, or it has ended
            for end in ready:
                worker = running.pop(end)
                try:
                    results[worker.index] = worker.result(folder, "shard")[0]
                finally:
                    worker.close()
                finished += 1
                if progress is not None:
                    progress([r for r in results if r is not None])
    finally:
        for worker in running.values():  # interrupted, or a task failed: stop the others
            worker.close()
        gc.unfreeze()
        PAYLOAD = ()
    return results


# A worker says this once its result is saved: the result is read at once, without waiting
# for the worker's process to end (freeing a few hundred MB of pages takes the system a
# tenth of a second); the process is reaped later (:func:`reap`).
_READY = b"r"
_LEAVING: list[int] = []  # workers whose results are read and that are leaving


def reap() -> None:
    """Reap the workers that have left since their results were read (without waiting for
    those still leaving: the next call will), so that none is left a zombie for long."""
    for pid in list(_LEAVING):
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                continue
        except OSError:
            pass
        _LEAVING.remove(pid)


def save_result(folder: str, task: int, result: object) -> None:
    """In a worker: its task's result, for :func:`load_result`."""
    with open(os.path.join(folder, f"{task}.result"), "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)


def save_error(folder: str, task: int) -> None:
    """In a worker, in an ``except`` block: the traceback, for the parent's message; and
    for an error of the system (``OSError``: a full disk, say), its words alone."""
    error = sys.exc_info()[1]
    try:
        if isinstance(error, OSError):
            with open(os.path.join(folder, f"{task}.oserror"), "w", encoding="utf-8") as fh:
                fh.write(error.strerror or str(error))
        with open(os.path.join(folder, f"{task}.error"), "w", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
    except BaseException:  # noqa: B036 - nothing more can be said (the disk may be full)
        pass


def load_result(folder: str, task: int, status: int, what: str = "shard", missing_ok: bool = False) -> object:
    """A worker's result once it has ended with ``status``; :class:`WorkerFailed` if it was
    killed or failed, or (unless ``missing_ok``: then None) if it left none."""
    path = os.path.join(folder, f"{task}.result")
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        raise WorkerFailed(f"a worker process was killed by signal {-code} while checking {what} {task + 1} "
                           "(out of memory? try fewer --jobs)", plain=True)
    if code != 0 and os.path.exists(os.path.join(folder, f"{task}.oserror")):
        with open(os.path.join(folder, f"{task}.oserror"), encoding="utf-8") as fh:
            raise WorkerFailed(fh.read(), plain=True)
    if code != 0 or not (missing_ok or os.path.exists(path)):
        raise WorkerFailed(f"a worker process failed on {what} {task + 1}: {_last_line(folder, task, status)}")
    if not os.path.exists(path):
        return None
    return read_result(folder, task)


def read_result(folder: str, task: int) -> object:
    """The result a worker saved (:func:`save_result`)."""
    path = os.path.join(folder, f"{task}.result")
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


# --- a worker that talks with this process while it runs --------------------------------


@dataclass
class Partner:
    """A worker process that this one talks with while it runs, one byte at a time (its
    footprint is ready; go on or stop; …), the data going through files in the folder."""

    pid: int
    up: int  # the worker writes here
    down: int  # and reads here
    index: int
    done: bool = False  # ended and reaped
    leaving: bool = False  # its result read, its process ending

    def hear(self) -> bytes:
        """The worker's next byte, or b"" once it has ended."""
        try:
            return os.read(self.up, 1)
        except OSError:
            return b""

    def tell(self, byte: bytes) -> None:
        try:
            os.write(self.down, byte)
        except OSError:  # it has ended already
            pass

    def result(self, folder: str, what: str, missing_ok: bool = False) -> object:
        """Its result as soon as it is saved, or once the worker has ended without one
        (:func:`load_result`: None if ``missing_ok``, else :class:`WorkerFailed`)."""
        if self.hear() == _READY:
            self.leaving = True
            return read_result(folder, self.index)
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        return load_result(folder, self.index, status, what=what, missing_ok=missing_ok)

    def close(self) -> None:
        for end in (self.up, self.down):
            try:
                os.close(end)
            except OSError:
                pass
        if self.leaving:
            _LEAVING.append(self.pid)
        elif not self.done:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass


def start_partner(work: Callable[[int, Callable[[bytes], None], Callable[[], bytes]], object], index: int,
                  folder: str) -> Partner:
    """Fork a worker running ``work(index, say, hear)``: ``say(byte)`` to this process,
    ``hear()`` the next byte from it.  What the work returns, unless None (it stopped), is
    its result (:meth:`Partner.result`); an exception in it is saved for the message."""
    reap()
    up_r, up_w = os.pipe()
    down_r, down_w = os.pipe()
    pid = os.fork()
    if pid:
        os.close(up_w)
        os.close(down_r)
        return Partner(pid, up_r, down_w, index)
    os.close(up_r)
    os.close(down_w)
    code = 1
    try:
        result = work(index, lambda byte: os.write(up_w, byte) and None, lambda: os.read(down_r, 1))
        if result is not None:
            save_result(folder, index, result)
            os.write(up_w, _READY)
        code = 0
    except BaseException:  # noqa: B036 - whatever it is, the parent must hear of it
        save_error(folder, index)
    finally:
        os._exit(code)
