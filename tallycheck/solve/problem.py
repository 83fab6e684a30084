"""The solver's vocabulary: constraints, problems, budgets and answers.

Everything is exact: coefficients and right-hand sides are ``Fraction`` (or
``int``); the only float in the solver is the wall-clock limit of a
:class:`Budget`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from .certificates import Certificate

OPS = frozenset(("<=", "<", "=", ">=", ">", "!="))


@dataclass(frozen=True)
class Constraint:
    """``sum(c * x for x, c in coeffs) op rhs``.

    ``coeffs`` is sorted by variable and has no zero coefficient (use
    :meth:`make` to build one from any mapping).  ``label`` is the caller's id
    of the claim or definition it came from; several constraints may share one.
    Negative labels are reserved for the solver's own case assumptions
    (see :data:`tallycheck.solve.ASSUMPTION`).
    """

    coeffs: tuple[tuple[str, Fraction], ...]
    op: str
    rhs: Fraction
    label: int

    def __init__(self, coeffs: tuple[tuple[str, Fraction], ...], op: str, rhs: Fraction, label: int) -> None:
        # Written out rather than generated: a frozen dataclass's own __init__ sets each
        # field through object.__setattr__, which made building a problem's few hundred
        # thousand constraints take several times longer.
        if op not in OPS:
            raise ValueError(f"unknown relation {op!r}")
        # the one door floats could come in by
        if type(rhs) is float:
            raise TypeError("floats are not allowed in constraints")
        for _, a in coeffs:
            if type(a) is float:
                raise TypeError("floats are not allowed in constraints")
        fields = self.__dict__
        fields["coeffs"] = coeffs
        fields["op"] = op
        fields["rhs"] = rhs
        fields["label"] = label

    @classmethod
    def make(
        cls,
        coeffs: Mapping[str, Fraction | int] | Iterable[tuple[str, Fraction | int]],
        op: str,
        rhs: Fraction | int,
        label: int,
    ) -> "Constraint":
        """Normalise: merge repeated variables, drop zeros, sort, make exact."""
        items = coeffs.items() if isinstance(coeffs, Mapping) else coeffs
        acc: dict[str, Fraction] = {}
        for var, c in items:
            if isinstance(c, float):
                raise TypeError("floats are not allowed in constraints")
            acc[var] = acc.get(var, Fraction(0)) + Fraction(c)
        if isinstance(rhs, float):
            raise TypeError("floats are not allowed in constraints")
        return cls(tuple(sorted((v, c) for v, c in acc.items() if c)), op, Fraction(rhs), label)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.coeffs)

    def lhs_value(self, model: Mapping[str, Fraction | int]) -> Fraction:
        return sum((c * model[v] for v, c in self.coeffs), Fraction(0))

    def holds(self, model: Mapping[str, Fraction | int]) -> bool:
        """Does the assignment satisfy this constraint (exactly)?"""
        return relation_holds(self.lhs_value(model), self.op, self.rhs)

    def __str__(self) -> str:
        parts = []
        for v, c in self.coeffs:
            if c == 1:
                term = v
            elif c == -1:
                term = f"-{v}"
            else:
                term = f"{c}*{v}"
            parts.append(term)
        lhs = " + ".join(parts).replace("+ -", "- ") if parts else "0"
        return f"{lhs} {self.op} {self.rhs}"


def relation_holds(lhs: Fraction | int, op: str, rhs: Fraction | int) -> bool:
    if op == "<=":
        return lhs <= rhs
    if op == "<":
        return lhs < rhs
    if op == "=":
        return lhs == rhs
    if op == ">=":
        return lhs >= rhs
    if op == ">":
        return lhs > rhs
    if op == "!=":
        return lhs != rhs
    raise ValueError(op)


@dataclass(frozen=True)
class Problem:
    constraints: tuple[Constraint, ...]
    integers: frozenset[str]  # variables that must take integer values (counts)
    fixed: frozenset[int] = frozenset()  # labels that always hold and are never blamed
    # known to be one connected group (made by components()): no need to group it again
    connected: bool = field(default=False, compare=False)

    @cached_property
    def variables(self) -> tuple[str, ...]:
        """All variables, sorted (computed once; :func:`~.components.components` fills it in)."""
        seen: set[str] = set()
        for c in self.constraints:
            for v, _ in c.coeffs:
                seen.add(v)
        return tuple(sorted(seen))

    @cached_property
    def by_label(self) -> dict[int, list[int]]:
        """Each label's constraints, by position (computed once: picking a few claims' constraints)."""
        out: dict[int, list[int]] = {}
        for i, c in enumerate(self.constraints):
            out.setdefault(c.label, []).append(i)
        return out

    @cached_property
    def claim_labels(self) -> frozenset[int]:
        """The labels of the constraints that are not fixed."""
        return frozenset(self.by_label).difference(self.fixed)

    @cached_property
    def fixed_positions(self) -> list[int]:
        """The positions of the constraints that always hold (the fixed labels')."""
        fixed = self.fixed
        return [i for i, c in enumerate(self.constraints) if c.label in fixed]

    @property
    def labels(self) -> frozenset[int]:
        return frozenset(c.label for c in self.constraints)

    def left_out(self, labels: frozenset[int], most: int) -> list[int] | None:
        """The positions of the constraints that :meth:`select` leaves out of ``labels``' selection,
        by label; None when there are more than ``most``."""
        if len(self.claim_labels) - len(labels) > most:  # (at least that many are left out)
            return None
        missing = self.claim_labels.difference(labels)  # (as sets: a pass in C, not over 100,000 labels)
        if len(missing) > most:
            return None
        by_label = self.by_label
        out = sorted(i for lab in missing for i in by_label[lab])
        return out if len(out) <= most else None

    def select(self, labels: frozenset[int] | None) -> list[Constraint]:
        """The fixed constraints plus those with the given labels (all when None), in order."""
        if labels is None:
            return list(self.constraints)
        fixed = self.fixed
        if len(labels) * 8 < len(self.constraints):  # a few claims (a conflict being shrunk): by label
            by_label = self.by_label
            chosen = [i for lab in labels if lab not in fixed for i in by_label.get(lab, ())]
            constraints = self.constraints
            return [constraints[i] for i in sorted(chosen + self.fixed_positions)]
        return [c for c in self.constraints if c.label in labels or c.label in fixed]


@dataclass(frozen=True)
class Budget:
    max_nodes: int = 10_000  # branch-and-bound / case-split nodes per decision
    max_seconds: float | None = 5.0  # CPU seconds per stage of a component (the only float in the solver)


@dataclass(frozen=True)
class Decision:
    status: str  # "sat" | "unsat" | "unknown"
    model: dict[str, Fraction] | None = None  # when sat: a value for every variable of the checked constraints
    certificate: "Certificate | None" = None  # when unsat: why
    reason: str | None = None  # when unknown: why not decided
    limit: str | None = None  # when unknown: the option that raises the limit hit ("max_nodes" | "timeout")

    @property
    def sat(self) -> bool:
        return self.status == "sat"

    @property
    def unsat(self) -> bool:
        return self.status == "unsat"


@dataclass(frozen=True)
class Conflict:
    labels: frozenset[int]  # a set of non-fixed labels that cannot all hold (with the fixed ones)
    certificate: "Certificate"  # proof of infeasibility of exactly these labels plus fixed constraints
    minimal: bool = True  # False: some check of "without this label" hit a limit, so it may not be minimal


#: what an undecided part was doing when it hit its limit
STAGES = ("decision", "conflicts", "minimality", "range")
#: the options that raise a limit
LIMITS = ("max_nodes", "timeout", "max_conflicts")


@dataclass(frozen=True)
class Undecided:
    """A part of the work that hit a limit: which labels (claims), what it was doing, which limit, why.

    ``stage``: ``decision`` (is the component satisfiable?), ``conflicts`` (the search for
    every minimal conflict stopped), ``minimality`` (a conflict could not be proved
    minimal), ``range`` (a quantity's implied range, ``variables`` names it).
    ``limit``: the option that raises it (``max_nodes``, ``timeout``, ``max_conflicts``).
    """

    labels: frozenset[int]
    variables: tuple[str, ...]
    stage: str
    limit: str
    reason: str


@dataclass(frozen=True)
class ConflictSearch:
    conflicts: list[Conflict] = field(default_factory=list)
    complete: bool = True  # every minimal conflict was found (and each reported one is proven minimal)
    reason: str | None = None  # why not complete (the first limit hit)
    undecided: tuple[Undecided, ...] = ()  # every part that hit a limit


@dataclass(frozen=True)
class RangeSearch:
    ranges: dict  # variable -> Interval | None
    reasons: dict = field(default_factory=dict)  # variable -> why its range is None (a limit, or no solution)
    limits: dict = field(default_factory=dict)  # variable -> the option whose limit left it None


@dataclass(frozen=True)
class Outcome:
    """Everything the solver says about one component (what the report is assembled from)."""

    status: str  # sat | unsat | unknown
    ranges: dict = field(default_factory=dict)  # when sat: variable -> Interval | None
    conflicts: tuple[Conflict, ...] = ()  # when unsat
    undecided: tuple[Undecided, ...] = ()  # every part that hit a limit
