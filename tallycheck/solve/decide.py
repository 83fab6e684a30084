"""Satisfiability of a problem (or of some of its labels), component by component."""

from __future__ import annotations

from .search import Search
from .budget import BudgetExceeded, Limits
from .components import group
from .problem import Budget, Constraint, Decision, Problem
from .propagate import propagate
from .single import constant_constraint, single_variable

DEFAULT_BUDGET = Budget()
_WHOLE = 1000  # constraints from which a selection is first propagated whole (see decide)


def select(problem: Problem, labels: frozenset[int] | None) -> list[Constraint]:
    """The fixed constraints plus those with the given labels (all when None)."""
    if labels is None:
        return list(problem.constraints)
    fixed = problem.fixed
    if len(labels) * 8 < len(problem.constraints):  # a few claims (a conflict being shrunk): by label
        by_label = problem.by_label
        chosen = [i for lab in labels if lab not in fixed for i in by_label.get(lab, ())]
        constraints = problem.constraints
        return [constraints[i] for i in sorted(chosen + problem.fixed_positions)]
    return [c for c in problem.constraints if c.label in labels or c.label in fixed]


def decide_group(cons: list[Constraint], integers: frozenset[str], limits: Limits | None, budget: Budget) -> tuple:
    """One connected group: (True, model) | (False, certificate) | (None, BudgetExceeded)."""
    first = cons[0].coeffs
    if not first:
        return constant_constraint(cons[0])
    if all(len(c.coeffs) == 1 for c in cons):
        res = single_variable(cons, first[0][0] in integers)
    else:
        res = propagate(cons, integers)
    if res is not None:
        return res
    try:
        return Search(cons, integers, limits or Limits(budget)).solve()
    except BudgetExceeded as e:
        return None, e


def decide(
    problem: Problem,
    labels: frozenset[int] | None = None,
    budget: Budget = DEFAULT_BUDGET,
    deadline: float | None = None,
) -> Decision:
    """Satisfiability of the fixed constraints plus those with the given labels (all when None).

    Independent components are decided separately, each with its own node count; the
    clock is the budget's from now, or ``deadline`` (a ``time.monotonic()`` instant) when
    the caller's work shares one.  The first infeasible component (in component order)
    gives the certificate.
    """
    cons = select(problem, labels)
    model: dict = {}
    stop = None
    integers = problem.integers
    if labels is not None and len(cons) >= _WHOLE:
        # Some of a big component's claims (a check of the conflict search): propagation settles
        # most such selections whole, without first splitting them into groups (a third of a
        # check's time on a chain of 25,000 dates).
        res = propagate(cons, integers)
        if res is not None:
            ok, payload = res
            return Decision("sat", payload, None, None) if ok else Decision("unsat", None, payload, None)
    for g in ([cons] if labels is None and problem.connected else group(cons)):
        ok, payload = decide_group(g, integers, Limits(budget, deadline) if deadline is not None else None, budget)
        if ok is False:
            return Decision("unsat", None, payload, None)
        if ok is None:
            if stop is None:
                stop = payload
        else:
            model.update(payload)
    if stop is not None:
        return Decision("unknown", None, None, str(stop), stop.limit)
    return Decision("sat", model, None, None)
