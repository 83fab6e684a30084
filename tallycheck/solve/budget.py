"""Limits, not hangs: node and time budgets.

The clock (:func:`now`) is the CPU time of the thread that searches, not the wall clock: a
search stops after the same work on a busy CI runner as on an idle laptop, so that a verdict
does not depend on the machine's load (with the wall clock, a story decided in 1.8 s of CPU
was "unknown: more than 5 seconds" on a machine running five other jobs).  It is the only
place a float appears in the solver.
"""

from __future__ import annotations

import time

from .problem import Budget


class BudgetExceeded(Exception):
    """Raised inside a search when its budget runs out; the message is the user-facing reason.

    ``limit`` names the option that raises it: ``"max_nodes"`` or ``"timeout"``.
    """

    def __init__(self, reason: str, limit: str) -> None:
        super().__init__(reason)
        self.limit = limit


def nodes_reason(max_nodes: int) -> str:
    return f"more than {max_nodes} branch{'' if max_nodes == 1 else 'es'} in one decision (max_nodes)"


def time_reason(max_seconds: float | None) -> str:
    return f"more than {max_seconds:g} second{'' if max_seconds == 1 else 's'} (timeout)"


def now() -> float:
    """The solver's clock: CPU seconds of this thread (``time.thread_time``)."""
    return time.thread_time()


class Limits:
    """Counts nodes of one decision and watches the clock of one component."""

    __slots__ = ("max_nodes", "nodes", "deadline", "max_seconds", "_ticks")

    def __init__(self, budget: Budget, deadline: float | None = None) -> None:
        self.max_nodes = budget.max_nodes
        self.max_seconds = budget.max_seconds
        self.nodes = 0
        self._ticks = 0
        if deadline is None and budget.max_seconds is not None:
            deadline = now() + budget.max_seconds
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
        if self.deadline is not None and now() > self.deadline:
            raise BudgetExceeded(time_reason(self.max_seconds), "timeout")

    def expired(self) -> bool:
        return self.deadline is not None and now() > self.deadline
