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
from .box import Reduced, box_ranges, lump
from .single import constant_constraint
from .search import Search
from .budget import BudgetExceeded, Limits
from .components import group
from .problem import Budget, Constraint, Problem, RangeSearch
from .propagate import Residual, propagate_ranges

DEFAULT_BUDGET = Budget()
UNBOUNDED = Interval(None, None)


NO_SOLUTION = "the claims about it cannot all hold"


def implied_ranges(
    problem: Problem,
    variables: Iterable[str] | None = None,
    budget: Budget = DEFAULT_BUDGET,
) -> dict[str, Interval | None]:
    """For each variable (all when None), the tightest interval the constraints allow.

    Integer variables get the min/max over integer solutions.  ``None`` for a
    variable whose range could not be decided within the budget, or whose
    component has no solution at all (:func:`range_search` says which).  A variable
    in no constraint is unbounded.
    """
    return range_search(problem, variables, budget).ranges


#: groups of counts of at least this many constraints are tried as a box before propagation
BOX_FIRST = 100


def range_search(
    problem: Problem,
    variables: Iterable[str] | None = None,
    budget: Budget = DEFAULT_BUDGET,
) -> RangeSearch:
    """:func:`implied_ranges` with the reason for each ``None`` (and the limit it hit, if any)."""
    reasons: dict[str, str] = {}
    limits: dict[str, str] = {}
    if variables is None and problem.connected:  # one group, every variable: the common case
        ranges = _group_ranges(list(problem.constraints), problem.integers, list(problem.variables), budget,
                               reasons, limits, True)
        return RangeSearch(ranges, reasons, limits)
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
        result.update(_group_ranges(groups[gi], problem.integers, vs, budget, reasons, limits))
    return RangeSearch({v: result[v] for v in want}, reasons, limits)


def _group_ranges(
    cons: list[Constraint],
    integers: frozenset[str],
    want: list[str],
    budget: Budget,
    reasons: dict[str, str],
    limits: dict[str, str],
    every: bool = False,
    settle: bool = True,
    clock: Limits | None = None,
) -> dict[str, Interval | None]:
    """The ranges of ``want`` in one connected group (``every``: ``want`` is all its variables, sorted;
    ``settle``: try propagation first)."""
    if any(not c.coeffs for c in cons):  # ``0 = 0 of a``: a claim's constraint on no quantity
        if any(constant_constraint(c)[0] is False for c in cons if not c.coeffs):
            for v in want:
                reasons[v] = NO_SOLUTION
            return {v: None for v in want}
        cons = [c for c in cons if c.coeffs]
    # a small group of counts: propagation answers it sooner than the box (which answers a
    # story's sum of parts too, but 10% slower over 100k claims); a big one, the box first
    # (a long sum of counts claimed as a total: no propagation to a fixpoint)
    fast = None if every and integers and len(cons) < BOX_FIRST else box_ranges(cons, integers)
    if fast is None:
        reduced = lump(cons, integers)
        if reduced is not None:
            return _lumped_ranges(cons, reduced, integers, want, budget, reasons, limits, clock)
    if fast is None and settle:
        fast = propagate_ranges(cons, integers, want if every else None)
        if isinstance(fast, Residual):
            return _residual_ranges(cons, fast, integers, want, budget, reasons, limits)
    if fast is not None:
        for v in want:
            if fast[v] is None:
                reasons[v] = NO_SOLUTION
        return {v: fast[v] for v in want}
    clock = Limits(budget) if clock is None else clock.fresh()  # one clock for the component
    out: dict[str, Interval | None] = {v: None for v in want}

    def stopped(vs, e: BudgetExceeded) -> None:
        for v in vs:
            reasons[v] = f"its range was not settled: {e}"
            limits[v] = e.limit

    try:
        search = Search(cons, integers, clock)
        ok, model = search.solve()
    except BudgetExceeded as e:
        stopped(want, e)
        return out
    if not ok:
        for v in want:
            reasons[v] = NO_SOLUTION
        return out
    for i, v in enumerate(want):
        x = search.index[v]
        start = (model[v], 0)
        try:
            search.limits = search.sx.limits = clock.fresh()
            lo = search.optimum(x, -1, start)
            search.limits = search.sx.limits = clock.fresh()
            hi = search.optimum(x, 1, start)
        except BudgetExceeded as e:
            if clock.expired():
                stopped(want[i:], e)
                break
            stopped((v,), e)
            continue
        out[v] = Interval(
            None if lo is None else Fraction(lo[0]),
            None if hi is None else Fraction(hi[0]),
            lo is not None and lo[1] > 0,
            hi is not None and hi[1] < 0,
        )
    return out


def _residual_ranges(cons: list[Constraint], res: Residual, integers: frozenset[str], want: list[str],
                     budget: Budget, reasons: dict[str, str], limits: dict[str, str]) -> dict[str, Interval | None]:
    """The ranges when propagation left groups to search (:class:`~.propagate.Residual`): those it
    settled, then each group's, searched on its own; none at all when a group cannot hold."""
    if len(res.groups) == 1 and len(res.groups[0][0]) * 2 > len(cons):  # nothing gained
        return _group_ranges(cons, integers, want, budget, reasons, limits, settle=False)
    out: dict[str, Interval | None] = {v: res[v] for v in want if v in res}
    wanted = set(want)
    clock = Limits(budget)
    for group, names in res.groups:
        mine = [v for v in names if v in wanted]
        boxed = res.box_ranges(group, names, integers)
        if boxed is not None:  # (a projection that is not empty: the group holds)
            out.update((v, boxed[v]) for v in mine)
            continue
        found = _group_ranges(group, integers, mine or names[:1], budget, reasons, limits, settle=False, clock=clock)
        if any(found[v] is None and reasons.get(v) == NO_SOLUTION for v in found):
            for v in want:
                reasons[v] = NO_SOLUTION
            return {v: None for v in want}
        for v in mine:
            out[v] = found[v]
    return {v: out[v] for v in want}


def _lumped_ranges(cons: list[Constraint], reduced, integers: frozenset[str], want: list[str], budget: Budget,
                   reasons: dict[str, str], limits: dict[str, str], clock: Limits | None) -> dict[str, Interval | None]:
    """The ranges of a box cut by a few relations (:func:`~.box.lump`): those of the reduced
    problem (the general path, on a few variables), each lumped variable's projected from its
    lump's."""
    if not isinstance(reduced, Reduced):  # a lumped variable's box is empty
        for v in want:
            reasons[v] = NO_SOLUTION
        return {v: None for v in want}
    names = sorted({v for c in reduced.constraints for v, _ in c.coeffs})
    why: dict[str, str] = {}
    hit: dict[str, str] = {}
    found = _group_ranges(reduced.constraints, integers, names, budget, why, hit, every=True, clock=clock)
    if any(found[v] is None and why.get(v) == NO_SOLUTION for v in names):
        for v in want:
            reasons[v] = NO_SOLUTION
        return {v: None for v in want}
    out = reduced.ranges(found)
    for one in reduced.lumps:  # a lump's range not settled: nor are its variables'
        if one.name in why:
            for v, _ in one.terms:
                why[v] = why[one.name]
                if one.name in hit:
                    hit[v] = hit[one.name]
    for v in want:
        if out[v] is None:
            reasons[v] = why.get(v, NO_SOLUTION)
            if v in hit:
                limits[v] = hit[v]
    return {v: out[v] for v in want}
