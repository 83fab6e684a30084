""":func:`~.propagate.first_pass` of many big selections of one problem's claims, each from the
whole problem's.

The conflict search of a cumulative count (100,000 dated figures on a chain of 25,000 dates)
checks all but a few claims again and again, and each check's propagation began by putting
its 100,000 bounds, in order, into the quantities' boxes: most of its 0.25 s, fourteen checks.
A bound on one quantity touches no other.  So a selection's first pass is the whole problem's
but for the quantities some of whose bounds it leaves out: their boxes are made again from
the bounds left, each in order, and the first bound (in the problem's order) that crosses its
quantity's other bound -- where the first pass stops -- is the first of a quantity kept or
made again.

The answer is :func:`~.propagate.first_pass`'s: the same boxes (the first of equal bounds),
the same first crossing, the same constraints left in the same order (a property test keeps
the two equal).
"""

from __future__ import annotations

from functools import partial

from .linear import prep
from .problem import Constraint, Problem
from .propagate import ONE, _Stop

#: a selection that leaves out at most this share of the constraints starts from the whole
FEW = 8


class FirstPasses:
    """:func:`~.propagate.first_pass` of big selections of ``problem``'s claims (:meth:`of`).  The
    first is made as it is (one decision needs no more); the whole problem's at the second."""

    __slots__ = ("problem", "seen", "bounded", "multi", "lo", "hi", "crossings")

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.seen = 0

    def of(self, labels: frozenset[int], least: int):
        """A function ``(lo, hi) -> constraints`` that does what ``first_pass(problem.select(labels),
        lo, hi)`` does, when the selection has ``least`` constraints or more and leaves out few of the
        problem's; else None (and for the first such selection)."""
        n = len(self.problem.constraints)
        if n < least:
            return None
        removed = self.problem.left_out(labels, n // FEW)
        if removed is None or n - len(removed) < least:
            return None
        self.seen += 1
        if self.seen == 1:
            return None
        if self.seen == 2:
            self._index()
        return partial(self._fill, removed)

    def _index(self) -> None:
        """The whole problem's boxes, each quantity's bounds by position, its first crossing."""
        self.bounded: dict[str, list[int]] = {}  # a quantity -> the positions of its bounds, in order
        self.multi: list[int] = []  # the positions of the other constraints
        for i, c in enumerate(self.problem.constraints):
            co, _, name, _, _, _ = prep(c)
            if len(co) != 1 or c.op == "!=":
                self.multi.append(i)
            else:
                self.bounded.setdefault(name, []).append(i)
        self.lo: dict[str, tuple] = {}
        self.hi: dict[str, tuple] = {}
        crossings = []  # (position, quantity, clash) of each quantity whose bounds cross
        for v, positions in self.bounded.items():
            l, h, crossed = self._box(positions, ())
            if l is not None:
                self.lo[v] = l
            if h is not None:
                self.hi[v] = h
            if crossed is not None:
                crossings.append((crossed[0], v, crossed[1]))
        crossings.sort(key=lambda x: x[0])
        self.crossings = crossings

    def _box(self, positions: list[int], gone) -> tuple:
        """``(lo, hi, crossing)`` of one quantity from its bounds at ``positions`` not in ``gone``,
        as :func:`~.propagate._tighten` makes them in order; ``crossing``: ``(position, clash)`` of
        the first bound that crosses the other (then the box is as it was there), or None."""
        cons = self.problem.constraints
        lo = hi = None
        for i in positions:
            if i in gone:
                continue
            _, _, _, _, up, low = prep(cons[i])
            if up is not None and (hi is None or up[0] < hi[0]):
                reasons = [(up[1], ONE)]
                if lo is not None and up[0] < lo[0]:
                    return lo, hi, (i, (lo[1], reasons))
                hi = (up[0], reasons)
            if low is not None and (lo is None or low[0] > lo[0]):
                reasons = [(low[1], ONE)]
                if hi is not None and low[0] > hi[0]:
                    return lo, hi, (i, (hi[1], reasons))
                lo = (low[0], reasons)
        return lo, hi, None

    def _fill(self, removed: list[int], lo: dict, hi: dict) -> list[Constraint]:
        """The first pass without the constraints at ``removed``, into ``lo``/``hi`` (empty)."""
        cons = self.problem.constraints
        gone = set(removed)
        touched = set()
        for i in removed:
            co, _, name, _, _, _ = prep(cons[i])
            if len(co) == 1 and cons[i].op != "!=":
                touched.add(name)
        boxes = {v: self._box(self.bounded[v], gone) for v in sorted(touched)}
        first = next(((i, clash) for i, v, clash in self.crossings if v not in touched), None)
        for _, _, crossed in boxes.values():
            if crossed is not None and (first is None or crossed[0] < first[0]):
                first = crossed
        if first is not None:
            raise _Stop(clash=first[1])
        lo.update(self.lo)
        hi.update(self.hi)
        for v, (l, h, _) in boxes.items():
            for side, end in ((lo, l), (hi, h)):
                if end is None:
                    side.pop(v, None)
                else:
                    side[v] = end
        return [cons[i] for i in self.multi if i not in gone]
