"""Satisfiability of a problem (or of some of its labels), component by component."""

from __future__ import annotations

from .search import Search
from .budget import BudgetExceeded, Limits
from .components import group
from .box import Reduced, lump
from .linear import prep
from .problem import Budget, Constraint, Decision, Problem, relation_holds
from .propagate import Residual, propagate
from .selections import Selections
from .single import constant_constraint, single_variable

DEFAULT_BUDGET = Budget()
_WHOLE = 1000  # constraints from which a selection is first propagated whole (see decide)


def decide_group(cons: list[Constraint], integers: frozenset[str], limits: Limits | None, budget: Budget,
                 model: bool = True) -> tuple:
    """One group (connected by its variables, or by its claims): (True, model) | (False,
    certificate) | (None, BudgetExceeded); without ``model``, the model may be None."""
    if any(not c.coeffs for c in cons):  # ``0 = 0 of a``: a claim's constraint on no quantity
        for c in cons:
            if not c.coeffs and constant_constraint(c)[0] is False:
                return constant_constraint(c)
        cons = [c for c in cons if c.coeffs]
        if not cons:
            return True, {}
    reduced = lump(cons, integers)
    if reduced is not None:
        return _lumped(cons, reduced, integers, limits, budget, model)
    var = cons[0].coeffs[0][0]
    # one variable: an interval.  (A group may be one by its claims, not its variables: a
    # claim's constraints are one component -- ``score / respondents < 0`` is ``score < 0`` and
    # ``respondents > 0`` -- and the general path takes it.)
    if all(len(c.coeffs) == 1 and c.coeffs[0][0] == var for c in cons):
        res = single_variable(cons, var in integers)
    else:
        res = propagate(cons, integers)
    if isinstance(res, Residual):
        return _residual(cons, res, integers, limits or Limits(budget))
    if res is not None:
        return res
    try:
        return Search(cons, integers, limits or Limits(budget)).solve()
    except BudgetExceeded as e:
        return None, e


def _lumped(cons: list[Constraint], reduced, integers: frozenset[str], limits: Limits | None, budget: Budget,
            model: bool = True) -> tuple:
    """A box cut by a few relations (:func:`~.box.lump`): the reduced problem decided group by
    group (the general path, on a few variables), its answer in the problem's terms (without
    ``model``: ``(True, None)`` when it holds)."""
    if not isinstance(reduced, Reduced):  # a lumped variable's box is empty
        return reduced
    values: dict = {}
    for g in group(reduced.constraints):
        ok, payload = decide_group(g, integers, limits, budget)
        if ok is None:
            return ok, payload
        if not ok:
            return False, reduced.certificate(payload)
        values.update(payload)
    if not model:
        return True, None
    model = reduced.model(values)
    for c in cons:  # the model is checked, exactly, before anyone sees it
        co, rhs, _, _, _, _ = prep(c)
        if not relation_holds(sum(a * model[v] for v, a in co), c.op, rhs):  # pragma: no cover
            raise AssertionError(f"solver model violates {c}")
    return True, model


def _residual(cons: list[Constraint], res: Residual, integers: frozenset[str], limits: Limits) -> tuple:
    """What propagation left, searched group by group (the whole, when it left one big group)."""
    rest = res.model()
    if rest is None or rest[0] is False:
        if rest is not None:
            return rest
        res.groups = [(cons, sorted({v for c in cons for v, _ in c.coeffs}))]
    elif len(res.groups) == 1 and len(res.groups[0][0]) * 2 > len(cons):
        res.groups = [(cons, sorted({v for c in cons for v, _ in c.coeffs}))]  # nothing gained
    model = dict(rest[1]) if rest is not None else {}
    for group, names in res.groups:
        if rest is not None and len(names) == len(group[0].coeffs) - _fixed_in(group[0], names):
            point = res.point(group[0], names, integers)
            if point is not None and all(c is group[0] or _holds_in(c, point, res) for c in group):
                model.update(point)
                continue
        try:
            ok, payload = Search(group, _whole(group, integers), limits.fresh()).solve()  # a decision each
        except BudgetExceeded as e:
            return None, e
        if not ok:
            return False, payload
        for v in names:
            model[v] = payload[v]
    return True, model


def _whole(group: list[Constraint], integers: frozenset[str]) -> frozenset[str]:
    return frozenset(v for c in group for v, _ in c.coeffs if v in integers)


def decide(
    problem: Problem,
    labels: frozenset[int] | None = None,
    budget: Budget = DEFAULT_BUDGET,
    deadline: float | None = None,
    model: bool = True,
    selections: Selections | None = None,
) -> Decision:
    """Satisfiability of the fixed constraints plus those with the given labels (all when None).

    Independent components are decided separately, each with its own node count; the
    clock is the budget's from now, or ``deadline`` (an instant of :func:`.budget.now`) when
    the caller's work shares one.  The first infeasible component (in component order)
    gives the certificate.  Without ``model`` (the conflict search's checks), a decision that
    holds may come without one.  ``selections``: what carries from one selection of ``problem``'s
    claims to the next, when the caller decides many (:class:`~.selections.Selections`).
    """
    integers = problem.integers
    cons = reduced = None
    if labels is not None:
        selections = selections or Selections(problem)
        cons, reduced = selections.lumps.of(labels, _WHOLE)
    if reduced is not None:  # a big selection that is a box cut by a few relations: at once
        if model and cons is None:
            cons = problem.select(labels)
        ok, payload = _lumped(cons, reduced, integers, Limits(budget, deadline) if deadline is not None else None, budget,
                              model)
        if ok is None:
            return Decision("unknown", None, None, str(payload), payload.limit)
        return Decision("sat", payload, None, None) if ok else Decision("unsat", None, payload, None)
    if labels is not None:
        # Some of a big component's claims (a check of the conflict search): propagation settles
        # most such selections whole, without first splitting them into groups (a third of a
        # check's time on a chain of 25,000 dates); one that leaves out few of them starts from
        # the whole component's first pass, and needs no selection made.
        first = selections.passes.of(labels, _WHOLE)
        if first is None and cons is None:
            cons = problem.select(labels)
        if first is not None or len(cons) >= _WHOLE:
            res = propagate(cons, integers, first)
            if res is not None and not isinstance(res, Residual):  # (groups left: searched below)
                ok, payload = res
                return Decision("sat", payload, None, None) if ok else Decision("unsat", None, payload, None)
    if cons is None:
        cons = problem.select(labels)
    found: dict | None = {}
    stop = None
    for g in ([cons] if labels is None and problem.connected else group(cons)):
        ok, payload = decide_group(g, integers, Limits(budget, deadline) if deadline is not None else None, budget,
                                   model)
        if ok is False:
            return Decision("unsat", None, payload, None)
        if ok is None:
            if stop is None:
                stop = payload
        elif found is not None and payload is not None:
            found.update(payload)
        else:
            found = None
    if stop is not None:
        return Decision("unknown", None, None, str(stop), stop.limit)
    return Decision("sat", found, None, None)


def _fixed_in(c: Constraint, names: list[str]) -> int:
    free = set(names)
    return sum(1 for v, _ in c.coeffs if v not in free)


def _holds_in(c: Constraint, point: dict, res: Residual) -> bool:
    """Does ``c`` (a constraint deriving a bound) hold with the point and the fixed values?"""
    values = {}
    for v, _ in c.coeffs:
        if v in point:
            values[v] = point[v]
        else:
            l, h = res.lo.get(v), res.hi.get(v)
            if l is None or h is None or l[0] != h[0] or l[0][1]:
                return False
            values[v] = l[0][0]
    return c.holds(values)
