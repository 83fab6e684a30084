"""implied_ranges() against brute force (integer grids) and z3 (mixed systems)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings

from solver_testkit import brute_force, selected, systems, z3_range_error, z3_sat
from tallycheck.numbers.interval import Interval
from tallycheck.solve import decide, implied_ranges

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(systems(all_integer=True))
def test_integer_ranges_against_brute_force(case):
    problem, domains = case
    ranges = implied_ranges(problem)
    assert set(ranges) == set(problem.variables)
    models = list(brute_force(problem.constraints, domains))
    if not models:
        assert decide(problem).status == "unsat"
        return
    for v, iv in ranges.items():
        values = [m[v] for m in models]
        assert iv == Interval(Fraction(min(values)), Fraction(max(values))), v


@SETTINGS
@given(systems())
def test_mixed_ranges_against_z3(case):
    pytest.importorskip("z3")
    problem, _ = case
    if not z3_sat(problem.constraints, problem.integers):
        return
    ranges = implied_ranges(problem)
    for v, iv in ranges.items():
        err = z3_range_error(problem.constraints, problem.integers, ((v, Fraction(1)),), iv)
        assert err is None, (v, iv, err)
