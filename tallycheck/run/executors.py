"""Where the plan's tasks run: local worker processes (``--jobs N``) or a Dask cluster
(``--engine dask --scheduler ADDRESS``).  Both run the same functions on the same arguments
and give the results in task order, so the report does not depend on which ran them.

:class:`Local` forks a process for each task, ``jobs`` at a time: it sees the input without
having it sent, holds one task's records at most, and leaves without freeing them; its
result is pickled to a file in a temporary folder and read as soon as the worker says it is
written.  A worker says so twice: when its result is made, and the next task starts then,
while the worker pickles it and this process reads it; and when the file is written.
Whatever ends a run early -- an error, SIGINT, SIGTERM (tallycheck.cli makes it an
exception) -- kills the workers still running and removes the folder.

:class:`Dask` hands each input to the cluster once and runs every task there.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import shutil
import signal
import sys
import tempfile
import threading
import traceback
import uuid
from contextlib import contextmanager
from typing import Callable, Sequence

Progress = Callable[[int, object], None]  # (tasks done, the last result)
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler


@contextmanager
def collector_off():
    """The cyclic collector off for a while: a task makes millions of small records and no
    cycles, which each collection would walk again (a scan of 500,000 lines: 2.4 s with it
    off, 4.0 s on)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _call(fn: Callable):
    return fn()


def one_after_the_other(here: Callable, there: Callable) -> tuple:
    """``(here(), there())`` in this process: two steps run side by side where a worker is
    to spare (:meth:`Local.beside`), one after the other where none is."""
    return here(), there()


# How long a task's thread holds the GIL before it lets another thread take it (Python's
# default: 5 ms).  A Dask worker runs a task beside threads of its own (its event loop, its
# comms), which took the GIL from it every 5 ms: 1M claims on two workers 75.2, 73.7 and 89.0 s
# with the default, 66.2, 64.3 and 66.8 s with slices of 50 ms or more (alternated, 2026-12-06).
SLICE = 0.05
_RUNNING = threading.Lock(), [0, (True, 0.005)]  # tasks running in this process; what they changed


def _task(fn: Callable, *args):
    """``fn(*args)`` as a task runs, in this process or on a Dask worker (which lives on, with
    threads of its own): the cyclic collector off (see :func:`collector_off`) and the GIL held
    in slices of :data:`SLICE` seconds.  Tasks may run in threads of one Dask worker: the first
    in changes both, the last out puts them back."""
    lock, state = _RUNNING
    with lock:
        if state[0] == 0:
            state[1] = (gc.isenabled(), sys.getswitchinterval())
            gc.disable()
            sys.setswitchinterval(max(SLICE, state[1][1]))
        state[0] += 1
    try:
        return fn(*args)
    finally:
        with lock:
            state[0] -= 1
            if state[0] == 0:
                collecting, interval = state[1]
                sys.setswitchinterval(interval)
                if collecting:
                    gc.enable()


# What a local worker says on its pipe: its result is made (it pickles it next), then written.
_MADE, _WRITTEN = b"m", b"r"


class EngineError(Exception):
    """An engine cannot run (Dask not installed, scheduler unreachable): a user error, exit 2."""


class WorkerFailed(RuntimeError):
    """A worker ended without its result: a bug in it, or the machine's doing, said plainly
    (``plain``): killed (out of memory, or by a user), or refused something (a full disk)."""

    def __init__(self, message: str, plain: bool = False) -> None:
        super().__init__(message)
        self.plain = plain


class Local:
    """Tasks in forked worker processes, ``jobs`` at a time (a single task: in this one)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.folder = tempfile.mkdtemp(prefix="tallycheck-")
        self.leaving: list[int] = []  # workers whose results are read, still ending: reaped later

    def __enter__(self) -> "Local":
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def share(self, values: list) -> list:
        return values  # a forked worker sees them

    def beside(self, here: Callable, there: Callable) -> tuple:
        """``(here(), there())``, ``there`` in a worker while this process runs ``here``: two
        steps of the merge at once, on the core the shards have left (one after the other
        with one job).  ``there``'s result is pickled: it should be the small one."""
        if self.jobs < 2:
            return one_after_the_other(here, there)
        return tuple(self.run(_call, [(here,), (there,)], here=True, doing="looking for misspelt names"))

    def run(self, fn: Callable, tasks: Sequence[tuple], progress: Progress | None = None, here: bool = False,
            doing: str = "checking task {}") -> list:
        """``[fn(*task) for task in tasks]``, each in a worker of its own; with ``here`` (or a
        single task) the first in this process, while the workers run the others.  A worker
        that fails is said to have failed while ``doing`` (with the task's number)."""
        results: list = [None] * len(tasks)
        running: dict[int, tuple[int, int]] = {}  # a worker's pipe -> (its task, its pid)
        made: set[int] = set()  # the pipes of workers whose result is made (being pickled): not counted in jobs
        started = done = int(here or len(tasks) == 1)
        try:
            while started < len(tasks) and len(running) < self.jobs - done:
                self._fork(fn, tasks[started], started, running, doing)
                started += 1
            if done:
                results[0] = _task(fn, *tasks[0])
                if progress is not None:
                    progress(1, results[0])
            while done < len(tasks):
                while started < len(tasks) and len(running) - len(made) < self.jobs:
                    self._fork(fn, tasks[started], started, running, doing)
                    started += 1
                for end in select.select(list(running), [], [])[0]:
                    said = os.read(end, 1)
                    if said == _MADE:
                        made.add(end)
                        continue
                    made.discard(end)
                    task, pid = running.pop(end)
                    results[task] = self._result(end, said, task, pid, doing)
                    done += 1
                    if progress is not None:
                        progress(done, results[task])
        finally:
            for end, (_, pid) in running.items():  # ended early: the others are stopped
                os.close(end)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.leaving.append(pid)
            self._reap(wait=bool(running))
        return results

    def _fork(self, fn, args: tuple, task: int, running: dict, doing: str) -> None:
        """Start a worker on ``fn(*args)``; it is in ``running`` before a signal can end the run."""
        self._reap()
        read_end, write_end = os.pipe()
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        pid = os.fork()
        if pid:
            running[read_end] = (task, pid)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(write_end)
            return
        os.close(read_end)  # the worker: its result (or what went wrong) pickled, a word, and it leaves
        gc.disable()  # one task and it leaves: the cyclic collector stays off (see collector_off)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a ^C is its parent's to act on
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        try:
            try:
                result = ("ok", fn(*args))
            except OSError as e:  # the machine's doing (a full disk): said as the parent would say it
                result = ("failed", e.strerror or str(e), True)
            except BaseException:  # noqa: B036 - a bug: reported by the parent, with its last line
                last = [line for line in traceback.format_exc().splitlines() if line.strip()][-1]
                result = ("failed", f"a worker process failed while {doing.format(task + 1)}: {last}", False)
            os.write(write_end, _MADE)  # the next task may start: this one's core is freed as it pickles
            with open(os.path.join(self.folder, f"{task}.result"), "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.write(write_end, _WRITTEN)
        finally:
            os._exit(0)  # without a word if it could not write its result: said by the parent

    def _result(self, end: int, said: bytes, task: int, pid: int, doing: str):
        """The result of the worker ``pid`` on ``task``, once it has ``said`` its last word
        (:data:`_WRITTEN`, or nothing if it ended without writing its result)."""
        os.close(end)
        if not said:  # it ended without a word: killed, or it could not write its result
            code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            raise WorkerFailed(f"a worker process was killed by signal {-code} while {doing.format(task + 1)} "
                               "(out of memory? try fewer --jobs)" if code < 0 else
                               f"a worker process could not save its result while {doing.format(task + 1)} "
                               "(a full disk?)", plain=True)
        self.leaving.append(pid)  # freeing its memory takes the system a while: not waited for
        path = os.path.join(self.folder, f"{task}.result")
        with open(path, "rb") as fh:
            result = pickle.load(fh)
        os.unlink(path)
        if result[0] != "ok":
            raise WorkerFailed(result[1], plain=result[2])
        return result[1]

    def _reap(self, wait: bool = False) -> None:
        for pid in list(self.leaving):
            try:
                if os.waitpid(pid, 0 if wait else os.WNOHANG)[0] == 0:
                    continue
            except ChildProcessError:
                pass
            self.leaving.remove(pid)


class Dask:
    """Tasks on a Dask cluster: the input handed over once, every task run there."""

    def __init__(self, scheduler: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise EngineError("the dask engine needs the optional extra: pip install 'tallycheck[dask]'") from None
        try:
            self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as e:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        self.jobs = max(1, sum(self.client.nthreads().values()))
        self.folder = tempfile.mkdtemp(prefix="tallycheck-")  # the parts' JSON records, until merged

    def __enter__(self) -> "Dask":
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def share(self, values: list) -> list:
        """``values`` on every worker, sent once by this process and copied among the workers
        (``broadcast``): every shard is given every input, so each worker would fetch each
        anyway -- from another worker, in the middle of a shard, where it made that worker's
        shard a straggler (10.7 and 12.6 s of compute instead of 5-6 s, in two runs of three
        at 1M claims)."""
        return self.client.scatter(values, hash=False, broadcast=True)

    def beside(self, here: Callable, there: Callable) -> tuple:
        """``(here(), there())`` in this process: what they need (the parts) is here, and a
        process with the client's threads is not forked."""
        return one_after_the_other(here, there)

    def run(self, fn: Callable, tasks: Sequence[tuple], progress: Progress | None = None, here: bool = False) -> list:
        """``[fn(*task) for task in tasks]`` on the cluster; with ``here``, the first in this
        process while the cluster runs the others (as :class:`Local` does: the scan of a stretch
        the client holds costs less than sending its result back)."""
        from distributed import as_completed

        first = int(here and len(tasks) > 1)
        name = getattr(fn, "__name__", "task")  # a task's key names its function (Dask's dashboard groups by it)
        submitted = [self.client.submit(_task, fn, *task, key=f"{name}-{uuid.uuid4().hex}") for task in tasks[first:]]
        futures = {future.key: (i, future) for i, future in enumerate(submitted, start=first)}
        del submitted
        results: list = [None] * len(tasks)
        try:
            if first:
                results[0] = _task(fn, *tasks[0])  # (its arguments are this process's own, not handed over)
                if progress is not None:
                    progress(1, results[0])
            for done, future in enumerate(as_completed([f for _, f in futures.values()]), start=first + 1):
                i, _ = futures.pop(future.key)  # forgotten once read: the worker lets the shard's records go
                results[i] = result = future.result()
                if progress is not None:
                    progress(done, result)
        finally:
            for _, future in futures.values():
                future.cancel()
        return results
