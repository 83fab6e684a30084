"""Units of quantities: a figure written with a currency gives its quantity that currency.

Quantities that a claim adds, subtracts or compares must be in one unit; figures without a
currency say nothing about the unit.  Two currencies on one quantity (from any claims, any
sources), or on the two sides of a sum or comparison, are an error naming both figures:
no conversion is ever assumed.  A conversion is stated in a ``define`` with an explicit
factor (``define price.usd = 1.08 * price.eur``): there a term multiplied by a number
other than 1 may change unit.  A ratio of quantities (``a / b = 7.22``) has no unit of its
own here: its two quantities are not tied to each other.

:class:`Units` keeps, across the claims of one build, which quantities share a unit (a
union-find) and the figure that gave each group its currency; :meth:`Units.add` checks one
claim and records it, or raises :class:`UnitError` and records nothing.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from ..diagnostics import Location
from ..numbers import NumberError, Reading
from ..read import syntax as s

ADVICE = ("tallycheck assumes no conversion (state one in a `define` with a factor, "
          "e.g. `define price.usd = 1.08 * price.eur`)")


class UnitError(Exception):
    def __init__(self, message: str, loc: Location):
        super().__init__(message)
        self.message = message
        self.loc = loc


@dataclass(frozen=True)
class Figure:
    """A figure written with a currency: the unit it gives, as written, where."""

    unit: str
    text: str
    loc: Location
    quantity: str | None = None  # the quantity it was claimed for (once recorded)


@dataclass
class _Group:
    """Terms of one claim that must share a unit: quantities and figures with a currency."""

    quantities: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


class Units:
    def __init__(self, read: Callable[[s.Number], Reading], expand_sum: Callable[[s.SumOf], list[s.Ref]]):
        self._read = read
        self._expand_sum = expand_sum
        self._parent: dict[str, str] = {}
        self._unit: dict[str, Figure] = {}  # a group's root -> the figure that gave it its unit
        self._ties: dict[str, list[tuple[str, str]]] = {}  # quantity -> (quantity, "claim at loc") tying them
        # claims that only tie quantities, kept as they come until the first currency: most
        # inputs have none, and then nothing is worked out
        self._waiting: list[tuple[s.Relation, bool, str, Location]] | None = []

    def add(self, relation: s.Relation, definition: bool, text: str, loc: Location, currency: bool = True) -> None:
        """Check one claim (``text`` as written, at ``loc``) and record what it says of units.
        ``currency``: whether one of its figures has a currency (when not, it can only tie
        quantities together, and that is worked out once a currency is met)."""
        if self._waiting is not None:
            if not currency:
                self._waiting.append((relation, definition, text, loc))
                return
            waiting, self._waiting = self._waiting, None
            for claim in waiting:  # they passed before: they tie quantities that had no unit yet
                self._add(*claim)
        self._add(relation, definition, text, loc)

    def _add(self, relation: s.Relation, definition: bool, text: str, loc: Location) -> None:
        groups = [_Group()]
        self._collect(relation, groups[0], groups, definition)
        tied = f"`{'define ' if definition else ''}{text}` ({loc.file}:{loc.line})"
        for group in groups:
            self._check(group, loc)
        for group in groups:
            self._record(group, tied)

    # --- what one claim says
    def _collect(self, e, group: _Group, groups: list[_Group], definition: bool) -> None:
        """Put the terms of ``e`` that must share ``group``'s unit in it (new groups for the rest)."""
        if isinstance(e, s.Relation):
            self._collect(e.left, group, groups, definition)
            if isinstance(e.right, s.Bounds):
                self._collect(e.right.low, group, groups, definition)
                self._collect(e.right.high, group, groups, definition)
            else:
                self._collect(e.right, group, groups, definition)
        elif isinstance(e, s.Number):
            try:
                currency = self._read(e).currency
            except NumberError:  # read already as the claim was built; `x ~ 5` reads "about 5"
                currency = None
            if currency:
                group.figures.append(Figure(currency, e.text, e.loc))
        elif isinstance(e, s.Ref):
            group.quantities.append(e.name)
        elif isinstance(e, s.SumOf):
            group.quantities.extend(ref.name for ref in self._expand_sum(e))
        elif isinstance(e, s.Neg):
            self._collect(e.operand, group, groups, definition)
        elif isinstance(e, s.ShareOf):
            self._scaled(e.base, e.share, group, groups, definition)
        elif isinstance(e, s.BinOp):
            if e.op in ("+", "-"):
                self._collect(e.left, group, groups, definition)
                self._collect(e.right, group, groups, definition)
            elif e.op == "*" and not _has_quantity(e.left):
                self._scaled(e.right, e.left, group, groups, definition)
            elif not _has_quantity(e.right):  # E * k, E / k
                self._scaled(e.left, e.right, group, groups, definition)
            else:  # a ratio of quantities: its terms are tied only among themselves
                for side in (e.left, e.right):
                    groups.append(_Group())
                    self._collect(side, groups[-1], groups, definition)

    def _scaled(self, e, factor, group: _Group, groups: list[_Group], definition: bool) -> None:
        """``k * E`` (or ``P of E``, ``E / k``): E keeps the unit, unless k converts it (a factor
        other than 1 in a definition) or k carries a currency of its own (``$5 * items``)."""
        if not _has_quantity(e):  # numbers only: `2 * $5`
            self._collect(factor, group, groups, definition)
            self._collect(e, group, groups, definition)
            return
        figures = _Group()
        self._collect(factor, figures, groups, definition)
        converts = definition and not _is_one(factor, self._read)
        if figures.figures or converts:
            group.figures.extend(figures.figures)
            groups.append(_Group())
            self._collect(e, groups[-1], groups, definition)
        else:
            self._collect(e, group, groups, definition)

    # --- checking and recording
    def _check(self, group: _Group, loc: Location) -> None:
        found: dict[str, tuple[Figure, str | None]] = {}  # unit -> (its figure, the quantity here it came by)
        for f in group.figures:
            found.setdefault(f.unit, (f, None))
        for q in group.quantities:
            known = self._unit.get(self._find(q))
            if known is not None:
                found.setdefault(known.unit, (known, q))
        if len(found) < 2:
            return
        (f1, q1), (f2, q2) = list(found.values())[:2]
        names = set(group.quantities)
        if len(names) == 1:
            message = f"two currencies for {next(iter(names))}: {self._show(f1, q1)} and {self._show(f2, q2)}"
        else:
            message = (f"this claim adds or compares amounts in two currencies: {self._show(f1, q1, True)} and "
                       f"{self._show(f2, q2, True)}")
        here = next((f.loc for f in group.figures), loc)
        raise UnitError(f"{message}; {ADVICE}", here)

    def _show(self, figure: Figure, by: str | None, named: bool = False) -> str:
        """``€14.7 billion (EUR) here``, ``$14.7 billion (USD) at f.tally:2:10``, with the quantity
        it came by (``named``) and the claims that tie that quantity to the one it was claimed for."""
        if by is None:
            return f"{figure.text} ({figure.unit}) here"
        where = f"{figure.text} ({figure.unit}) at {figure.loc.file}:{figure.loc.line}:{figure.loc.column}"
        if figure.quantity not in (None, by):
            where += f", claimed for {figure.quantity}, {self._path(by, figure.quantity)}"
        return f"{by}: {where}" if named else where

    def _path(self, start: str, goal: str) -> str:
        """The claims that tie ``start`` to ``goal`` (breadth first, so the fewest)."""
        came: dict[str, tuple[str, str] | None] = {start: None}
        todo = deque([start])
        while todo:
            q = todo.popleft()
            if q == goal:
                break
            for other, how in self._ties.get(q, ()):
                if other not in came:
                    came[other] = (q, how)
                    todo.append(other)
        steps: list[str] = []
        q = goal
        while came.get(q) is not None:
            q, how = came[q]  # type: ignore[misc]
            if how not in steps:
                steps.append(how)
        return "tied to it by " + ", ".join(reversed(steps)) if steps else "tied to it by the claims between them"

    def _record(self, group: _Group, tied: str) -> None:
        qs = list(dict.fromkeys(group.quantities))
        if not qs:
            return
        first = qs[0]
        figure = next((f for f in group.figures), None)
        for q in qs[1:]:
            self._union(first, q)
            self._ties.setdefault(first, []).append((q, tied))
            self._ties.setdefault(q, []).append((first, tied))
        root = self._find(first)
        if figure is not None and root not in self._unit:
            self._unit[root] = Figure(figure.unit, figure.text, figure.loc, first)

    def _find(self, q: str) -> str:
        parent = self._parent
        root = q
        while parent.get(root, root) != root:
            root = parent[root]
        while q != root:  # path compression
            parent[q], q = root, parent.get(q, root)
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        self._parent[rb] = ra
        unit = self._unit.pop(rb, None)
        if unit is not None and ra not in self._unit:
            self._unit[ra] = unit


def _has_quantity(e) -> bool:
    if isinstance(e, (s.Ref, s.SumOf)):
        return True
    if isinstance(e, s.BinOp):
        return _has_quantity(e.left) or _has_quantity(e.right)
    if isinstance(e, s.Neg):
        return _has_quantity(e.operand)
    if isinstance(e, s.ShareOf):
        return _has_quantity(e.base)
    return False


def _is_one(factor, read: Callable[[s.Number], Reading]) -> bool:
    """Is a constant factor exactly 1 (``1 * x`` does not convert)?"""
    return isinstance(factor, s.Number) and read(factor).interval.exact and read(factor).value == 1
