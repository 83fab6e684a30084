"""Where the plan's tasks run: local worker processes (``--jobs N``) or a Dask cluster
(``--engine dask --scheduler ADDRESS``).  Both run the same functions on the same
arguments and hand the results back in task order, so the report does not depend on it.

:class:`Local` forks a process for each task, ``jobs`` at a time: it sees the input without
having it sent, holds one task's records at most and leaves without freeing them; its result
is pickled to a file in a temporary folder and read as soon as the worker says it is
written.  Whatever ends the run early -- an error, SIGINT or SIGTERM (tallycheck.cli turns it
into an exception) -- kills the workers still running, and the folder is removed.

:class:`Dask` hands each input file to the cluster once, as text, and submits the tasks
there: the workers read, check and assemble, and send back their parts of the report.
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import tempfile
import traceback
from typing import Callable, Sequence

Progress = Callable[[int, object], None]  # (tasks done, the last result)


class EngineError(Exception):
    """An engine cannot run (Dask not installed, scheduler unreachable): a user error, exit 2."""


class WorkerFailed(RuntimeError):
    """A worker ended without its result: a bug in it, or the machine's doing, to be said
    plainly (``plain``): killed (out of memory, or by a user), or refused something (a full disk)."""

    def __init__(self, message: str, plain: bool = False) -> None:
        super().__init__(message)
        self.plain = plain


class Local:
    """Tasks in forked worker processes, ``jobs`` at a time."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.folder = tempfile.mkdtemp(prefix="tallycheck-")
        self.leaving: list[int] = []  # workers whose results are read, still ending

    def __enter__(self) -> "Local":
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def share(self, value):
        return value  # a forked worker sees it

    def run(self, fn: Callable, tasks: Sequence[tuple], progress: Progress | None = None) -> list:
        """``[fn(*task) for task in tasks]``, each in a process of its own (one task: here)."""
        if len(tasks) == 1:
            result = fn(*tasks[0])
            if progress is not None:
                progress(1, result)
            return [result]
        results: list = [None] * len(tasks)
        running: dict[int, tuple[int, int]] = {}  # the worker's pipe -> (its task, its pid)
        started = done = 0
        try:
            while done < len(tasks):
                while started < len(tasks) and len(running) < self.jobs:
                    running.update([self._fork(fn, tasks[started], started)])
                    started += 1
                for end in select.select(list(running), [], [])[0]:
                    task, pid = running.pop(end)
                    results[task] = self._result(end, task, pid)
                    done += 1
                    if progress is not None:
                        progress(done, results[task])
        finally:
            for end, (_, pid) in running.items():  # ended early: stop the others
                os.close(end)
                _kill(pid)
            self._reap(wait=bool(running))
        return results

    def _fork(self, fn, args: tuple, task: int) -> tuple[int, tuple[int, int]]:
        self._reap()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid:
            os.close(write_end)
            return read_end, (task, pid)
        os.close(read_end)  # the worker: its result, or its error, pickled; then it leaves, freeing nothing
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a ^C is the parent's to act on: it kills the workers
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        code = 1
        try:
            try:
                result = ("ok", fn(*args))
            except OSError as e:  # the machine's doing (a full disk): said as the parent would say it
                result = ("failed", e.strerror or str(e), True)
            except BaseException:  # noqa: B036 - a bug: the parent reports it, with its last line
                lines = [ln for ln in traceback.format_exc().splitlines() if ln.strip()]
                result = ("failed", f"a worker process failed on task {task + 1}: {lines[-1]}", False)
            with open(os.path.join(self.folder, f"{task}.result"), "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.write(write_end, b"r")
            code = 0
        finally:
            os._exit(code)

    def _result(self, end: int, task: int, pid: int):
        ready = os.read(end, 1) == b"r"
        os.close(end)
        if not ready:  # it ended without a word
            code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            if code < 0:
                raise WorkerFailed(f"a worker process was killed by signal {-code} while checking task {task + 1} "
                                   "(out of memory? try fewer --jobs)", plain=True)
            raise WorkerFailed(f"a worker process failed on task {task + 1} (exit status {code})")
        self.leaving.append(pid)  # reaped later: freeing its memory takes the system a while
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


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


class Dask:
    """Tasks on a Dask cluster: the input handed over once, every task run there."""

    def __init__(self, scheduler: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise EngineError("the dask engine needs the optional extra: pip install 'tallycheck[dask]'") from None
        try:
            self.client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as e:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        self.jobs = max(1, sum(self.client.nthreads().values()))
        self.folder = tempfile.mkdtemp(prefix="tallycheck-")  # where the parts' JSON records are kept

    def __enter__(self) -> "Dask":
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def share(self, value):
        """``value`` on the cluster (sent once; a task given it reads it there)."""
        return self.client.scatter(value, hash=False)

    def run(self, fn: Callable, tasks: Sequence[tuple], progress: Progress | None = None) -> list:
        from distributed import as_completed

        futures = [self.client.submit(fn, *task, pure=False) for task in tasks]
        index = {f.key: i for i, f in enumerate(futures)}
        results: list = [None] * len(tasks)
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                results[index[future.key]] = future.result()
                if progress is not None:
                    progress(done, results[index[future.key]])
        finally:
            for future in futures:
                future.cancel()
        return results
