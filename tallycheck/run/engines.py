"""Where the independent components are solved: in this process, or on a Dask cluster
(``--engine dask --scheduler ADDRESS``); and how a run is set (:class:`Run`).

Every engine solves each component with :func:`solve_component` and hands the results
back in component order, so the report is the same, byte for byte, whichever engine ran
it.  Components are independent (they share no quantity), which is what makes them safe
to spread.  (``--jobs`` spreads more than solving: whole shards of the input are read,
checked and reported in worker processes, :mod:`tallycheck.run.shards`.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Sequence

from .. import solve

ENGINES = ("local", "dask")
_BATCH = 256  # components per task: enough to keep the traffic with a cluster small


class EngineError(Exception):
    """An engine cannot run (Dask not installed, scheduler unreachable): a user error, exit 2."""


@dataclass(frozen=True)
class Limits:
    max_nodes: int
    timeout: float  # seconds per component (the solver's only float: a wall clock)
    max_conflicts: int


def solve_component(part: solve.Problem, limits: Limits) -> solve.Outcome:
    """Everything the report needs of one component (:func:`tallycheck.solve.check_component`)."""
    budget = solve.Budget(max_nodes=limits.max_nodes, max_seconds=limits.timeout)
    return solve.check_component(part, budget, limits.max_conflicts)


def _solve_batch(parts: Sequence[solve.Problem], limits: Limits) -> list[solve.Outcome]:
    return [solve_component(p, limits) for p in parts]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def solve_all(
    parts: Sequence[solve.Problem],
    limits: Limits,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[solve.Outcome]:
    """The results of every component, in the order of ``parts``.

    ``progress(done, conflicts_so_far)`` is called as batches finish.
    """
    if engine == "dask":
        return _solve_on_dask(parts, limits, scheduler, progress)
    return _solve_here(parts, limits, progress)


def _report(progress, results: list[solve.Outcome]) -> None:
    if progress is not None:
        progress(len(results), sum(len(r.conflicts) for r in results))


def _solve_here(parts, limits, progress) -> list[solve.Outcome]:
    results: list[solve.Outcome] = []
    for i in range(0, len(parts), _BATCH):
        results += _solve_batch(parts[i : i + _BATCH], limits)
        _report(progress, results)
    return results


def _solve_on_dask(parts, limits, scheduler, progress) -> list[solve.Outcome]:
    try:
        from distributed import Client
    except ImportError:
        raise EngineError(
            "the dask engine needs the optional extra: pip install 'tallycheck[dask]'"
        ) from None
    if not scheduler:
        raise EngineError("--engine dask needs --scheduler ADDRESS (for example tcp://127.0.0.1:8786)")
    try:
        client = Client(scheduler, timeout="10s")
    except OSError as e:
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    try:
        batches = [list(parts[i : i + _BATCH]) for i in range(0, len(parts), _BATCH)]
        futures = client.map(_solve_batch, batches, limits=limits, pure=False)
        results: list[solve.Outcome] = []
        for future in futures:  # in order
            results += future.result()
            _report(progress, results)
        return results
    finally:
        client.close()


@dataclass(frozen=True)
class Run:
    """How a check runs (not what it checks): the report never depends on these."""

    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    progress: Callable[[str, int, int, int], None] | None = None  # (what, done, of how many, conflicts so far)
    shard_min_lines: int | None = None  # below this the input is not split (None: the defaults below)
    split: bool = True  # whether a big input may be split into shards (not again inside a shard)

    @property
    def min_lines(self) -> int:
        if self.shard_min_lines is not None:
            return self.shard_min_lines
        return SHARD_MIN_LINES if self.jobs > 1 else ONE_JOB_SHARD_MIN_LINES


# Input this small is checked in one process even with --jobs: workers would take longer to start.
SHARD_MIN_LINES = 20_000
# With one job, input this big is still checked in shards, one after another, each in a
# process of its own: memory stays that of one shard (5.7 GB -> about 0.6 GB at 1M claims).
ONE_JOB_SHARD_MIN_LINES = 300_000
