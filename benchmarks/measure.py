"""Run one command and print its wall time, memory and exit code (used by run.py).

    python benchmarks/measure.py CMD ARGS…
    ->  "wall_seconds largest_rss_mb peak_total_pss_mb exit_code cpu_seconds"

The CPU seconds are those of every process of the run, user and system (``getrusage`` of
this process's children once all are reaped): on a machine whose speed moves from hour to
hour they are the steadier figure, and with the wall time they show how well the run kept
the cores busy.

Memory is given two ways.  The largest process's maximum RSS (``getrusage``, workers included:
this process adopts them when the command leaves before they end) counts the pages a
forked worker shares with its parent in full, in the parent and in each worker.
The peak total PSS is what the whole process tree holds at once, shared pages divided
among the processes that share them: what the machine must have.  It is sampled from
``/proc`` (Linux; 0 elsewhere) every second, more often in the first second, so a peak
shorter than that can be missed (sampling more often takes CPU from the measured run on
a 2-core machine).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                for child in fh.read().split():
                    out += _tree(int(child))
    except OSError:
        pass
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _adopt_orphans() -> None:
    """Become the parent of the command's workers once it has left (Linux: a "child
    subreaper"), so that their maximum RSS is counted too: tallycheck reads a worker's
    result as soon as it is written and leaves without waiting for the worker to end."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _reap_all() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def main() -> int:
    _adopt_orphans()
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_pss = 0
    sampling = os.path.exists(f"/proc/{proc.pid}/smaps_rollup")
    pause = 0.05  # sooner at first, so that a short run is sampled too
    while proc.poll() is None:
        if sampling:
            peak_pss = max(peak_pss, sum(_pss_kb(p) for p in _tree(proc.pid)))
        try:
            proc.wait(timeout=pause)  # returns as soon as it ends: the wall time is not rounded up
        except subprocess.TimeoutExpired:
            pass
        pause = min(1.0, pause * 2)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _reap_all()  # its workers still leaving
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime
    print(f"{wall:.3f} {children.ru_maxrss // 1024} {peak_pss // 1024} {proc.returncode} {cpu:.2f}")
    sys.stderr.write(err[-500:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
