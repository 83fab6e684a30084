"""Implied ranges: the tightest interval the constraints allow for each variable.

For a rational variable in a problem without integers or ``!=`` this is two
simplex optimisations; otherwise a branch-and-bound optimisation over the
integer solutions (integer hull bounds), with case splits for ``!=``.  Open
ends come out of the delta-rationals: a supremum ``a - delta`` is ``a``, not
attained.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable

from ..numbers.interval import Interval
from .box import box_ranges
from .branch import Search
from .budget import BudgetExceeded, Limits
from .components import group
from .problem import Budget, Constraint, Problem
from .propagate import propagate_ranges

DEFAULT_BUDGET = Budget()
UNBOUNDED = Interval(None, None)


def implied_ranges(
    problem: Problem,
    variables: Iterable[str] | None = None,
    budget: Budget = DEFAULT_BUDGET,
) -> dict[str, Interval | None]:
    """For each variable (all when None), the tightest interval the constraints allow.

    Integer variables get the min/max over integer solutions.  ``None`` for a
    variable whose range could not be decided within the budget, or whose
    component has no solution at all.  A variable in no constraint is
    unbounded.
    """
    if variables is None and problem.connected:  # one group, every variable: the common case
        return _group_ranges(list(problem.constraints), problem.integers, list(problem.variables), budget, True)
    want = list(problem.variables if variables is None else variables)
    groups = [list(problem.constraints)] if problem.connected else group(problem.constraints)
    where: dict[str, int] = {}
    for gi, g in enumerate(groups):
        for c in g:
            for v, _ in c.coeffs:
                where[v] = gi
    needed: dict[int, list[str]] = {}
    result: dict[str, Interval | None] = {}
    for v in want:
        gi = where.get(v)
        if gi is None:
            result[v] = UNBOUNDED
        else:
            needed.setdefault(gi, []).append(v)
    for gi, vs in needed.items():
        result.update(_group_ranges(groups[gi], problem.integers, vs, budget))
    return {v: result[v] for v in want}


def _group_ranges(
    cons: list[Constraint], integers: frozenset[str], want: list[str], budget: Budget, every: bool = False
) -> dict[str, Interval | None]:
    """The ranges of ``want`` in one connected group (``every``: ``want`` is all its variables, sorted)."""
    # A box holds no integer.  A component's ``integers`` are its own (components()), so when
    # there are some the box path is not tried (skipping it is always safe: it is only faster).
    fast = None if every and integers else box_ranges(cons, integers)
    if fast is None:
        fast = propagate_ranges(cons, integers, want if every else None)
    if fast is not None:
        return {v: fast[v] for v in want}
    limits = Limits(budget)
    out: dict[str, Interval | None] = {v: None for v in want}
    try:
        search = Search(cons, integers, limits)
        ok, model = search.solve()
    except BudgetExceeded:
        return out
    if not ok:
        return out
    for v in want:
        x = search.index[v]
        start = (model[v], 0)
        try:
            search.limits = search.sx.limits = limits.fresh()
            lo = search.optimum(x, -1, start)
            search.limits = search.sx.limits = limits.fresh()
            hi = search.optimum(x, 1, start)
        except BudgetExceeded:
            if limits.expired():
                break
            continue
        out[v] = Interval(
            None if lo is None else Fraction(lo[0]),
            None if hi is None else Fraction(hi[0]),
            lo is not None and lo[1] > 0,
            hi is not None and hi[1] < 0,
        )
    return out
