"""One component, everything the report needs: verdict, ranges or conflicts, and what hit a limit."""

from __future__ import annotations

from .certificates import check_conflict
from .conflicts import minimal_conflicts
from .decide import decide
from .linear import forget
from .problem import Budget, Conflict, Outcome, Problem, Undecided
from .ranges import range_search


def check_component(part: Problem, budget: Budget, max_conflicts: int) -> Outcome:
    """Decide one component; its implied ranges when consistent, its minimal conflicts when not.

    Every part of the work that hits a limit is in ``undecided`` (a range left open, a
    conflict search cut short, a conflict not proved minimal, the decision itself).  Each
    stage -- the ranges, the decision, the conflict search -- has the budget's seconds on a
    clock of its own (``benchmarks/headroom.py`` shows how near each comes to them).
    """
    try:
        return _checked(part, budget, max_conflicts)
    finally:
        forget(part.constraints)


def _checked(part: Problem, budget: Budget, max_conflicts: int) -> Outcome:
    # Ranges first: a range for every quantity proves the component satisfiable (an
    # infeasible one has none), and most components are -- the decision is then not needed.
    found = range_search(part, budget=budget)
    ranges = found.ranges
    if ranges and all(r is not None for r in ranges.values()):
        return Outcome("sat", ranges)
    decision = decide(part, budget=budget, model=False)  # (its model is not reported)
    if decision.status == "sat":
        open_vars = [v for v in sorted(ranges) if ranges[v] is None and v in found.limits]
        labels_of = _labels_of(part, open_vars)
        open_ranges = tuple(
            Undecided(labels_of[v], (v,), "range", found.limits[v], found.reasons[v]) for v in open_vars
        )
        return Outcome("sat", ranges, (), open_ranges)
    if decision.status == "unsat":  # a contradiction, shown only with proofs that check (by another hand)
        check_conflict(part, Conflict(part.claim_labels, decision.certificate))  # all its claims
        search = minimal_conflicts(part, budget=budget, limit=max_conflicts)
        for conflict in search.conflicts:  # each of the conflicts listed
            check_conflict(part, conflict)
        return Outcome("unsat", {}, tuple(search.conflicts), search.undecided)
    labels = frozenset(c.label for c in part.constraints)
    return Outcome("unknown", {}, (), (Undecided(labels, part.variables, "decision", decision.limit, decision.reason),))


def _labels_of(part: Problem, variables: list[str]) -> dict[str, frozenset[int]]:
    """The labels of the constraints on each variable, in one pass (a pass per variable was
    quadratic: 50,000 open ranges of 50,000 shares took minutes)."""
    wanted = set(variables)
    out: dict[str, set[int]] = {v: set() for v in variables}
    for c in part.constraints:
        for v, _ in c.coeffs:
            if v in wanted:
                out[v].add(c.label)
    return {v: frozenset(labels) for v, labels in out.items()}
