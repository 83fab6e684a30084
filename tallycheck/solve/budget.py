"""Limits, not hangs: node and time budgets.

The clock (:func:`now`) is the CPU time of the thread that searches, not the wall clock: a
search stops after the same work on a busy CI runner as on an idle laptop, so that a verdict
does not depend on the machine's load (with the wall clock, a story decided in 1.8 s of CPU
was "unknown: more than 5 seconds" on a machine running five other jobs).  It is the only
place a float appears in the solver.

Reading that clock is a system call, and on this project's machines a slow one in a big
process (about 0.4 ms: 2.5 s of a 100,000-claim run's 14 went to 6,400 readings).  A
:class:`Deadline` therefore reads it only when it might have passed: a thread's CPU time
cannot run ahead of the wall clock, whose monotonic reading costs nothing, so from one
reading of the CPU clock to the next the wall clock bounds it, exactly.
"""

from __future__ import annotations

import threading
import time
from time import monotonic

from .problem import Budget


class BudgetExceeded(Exception):
    """Raised inside a search when its budget runs out; the message is the user-facing reason.

    ``limit`` names the option that raises it: ``"max_nodes"`` or ``"timeout"``.
    """

    def __init__(self, reason: str, limit: str) -> None:
        super().__init__(reason)
        self.limit = limit


def nodes_reason(max_nodes: int) -> str:
    return f"more than {max_nodes} branches in one decision (max_nodes)"


def time_reason(max_seconds: float | None) -> str:
    return f"more than {max_seconds:g} seconds (timeout)"


def now() -> float:
    """The solver's clock: CPU seconds of this thread (``time.thread_time``)."""
    return time.thread_time()


class Deadline:
    """An instant of the solver's clock (:func:`now`), ``seconds`` from when it is made; watched by
    :meth:`passed`, which reads the CPU clock only when the wall clock since the last reading
    leaves it possible that the instant has passed.  One thread's (a component's searches)."""

    __slots__ = ("at", "_cpu", "_wall")

    def __init__(self, seconds: float) -> None:
        self._cpu, self._wall = _reading(_FRESH)
        self.at = self._cpu + seconds

    def passed(self) -> bool:
        wall = monotonic()
        if self._cpu + (wall - self._wall) <= self.at:
            return False  # not even the wall clock's whole advance would reach it
        self._cpu, self._wall = _reading(0)
        return self._cpu > self.at


_FRESH = 0.01  # a deadline made within 10 ms of the thread's last reading starts from it
_last = threading.local()  # the thread's last reading of its CPU clock: cpu, wall


def _reading(fresh: float) -> tuple[float, float]:
    """``(cpu, wall)``: the thread's CPU time at the wall clock's ``wall``, or a bound above it
    from the last reading when that is at most ``fresh`` seconds old (a deadline made from it
    is then at most that much late)."""
    wall = monotonic()
    last = getattr(_last, "at", None)
    if last is not None and wall - last[1] <= fresh:
        return last[0] + (wall - last[1]), wall
    cpu = now()  # read after the wall clock: the thread's CPU time at ``wall`` is at most this
    _last.at = (cpu, wall)
    return cpu, wall


class Limits:
    """Counts nodes of one decision and watches the clock of one component."""

    __slots__ = ("max_nodes", "nodes", "deadline", "max_seconds", "_ticks")

    def __init__(self, budget: Budget, deadline: Deadline | None = None) -> None:
        self.max_nodes = budget.max_nodes
        self.max_seconds = budget.max_seconds
        self.nodes = 0
        self._ticks = 0
        if deadline is None and budget.max_seconds is not None:
            deadline = Deadline(budget.max_seconds)
        self.deadline = deadline

    def fresh(self) -> "Limits":
        """A new node count for another decision, same clock."""
        out = Limits.__new__(Limits)
        out.max_nodes = self.max_nodes
        out.max_seconds = self.max_seconds
        out.nodes = 0
        out._ticks = 0
        out.deadline = self.deadline
        return out

    def node(self) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise BudgetExceeded(nodes_reason(self.max_nodes), "max_nodes")
        self.clock()

    def tick(self) -> None:
        """Called per pivot: look at the clock now and then."""
        self._ticks += 1
        if self._ticks & 63 == 0:
            self.clock()

    def clock(self) -> None:
        if self.deadline is not None and self.deadline.passed():
            raise BudgetExceeded(time_reason(self.max_seconds), "timeout")

    def expired(self) -> bool:
        return self.deadline is not None and self.deadline.passed()
