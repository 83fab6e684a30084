"""Bounds propagated through differences of whole quantities (``x - y op r``: a cumulative
count's figures in date order) against z3 and the general search they stand in for
(``tallycheck/solve/propagate.py``, ``_differences``)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver_testkit import certificate_error, z3_range_error, z3_sat
from tallycheck.solve import Constraint, Problem
from tallycheck.solve.propagate import Residual, propagate, propagate_ranges
from tallycheck.solve.search import Search
from tallycheck.solve.budget import Limits
from tallycheck.solve import Budget

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPS = ["<=", "<", "=", ">=", ">"]
HALVES = st.integers(-8, 40).map(lambda k: Fraction(k, 2))


@st.composite
def chains(draw):
    """2-6 counts, differences between some pairs (a chain in date order, or any pairs, cycles
    included), a fixed count inside some of them, and bounds on single counts (halves: rounding)."""
    n = draw(st.integers(2, 6))
    names = [f"d{i}" for i in range(n)]
    cons = []
    label = 0
    pairs = [(names[i], names[i + 1]) for i in range(n - 1)] if draw(st.booleans()) else []
    pairs += draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)).filter(lambda p: p[0] != p[1]),
                           max_size=3))
    for x, y in pairs:
        coeffs = {x: 1, y: -1}
        if draw(st.booleans()):
            coeffs["k"] = draw(st.sampled_from([1, -1, 2]))
        cons.append(Constraint.make(coeffs, draw(st.sampled_from(OPS)), draw(st.integers(-3, 3)), label))
        label += 1
    cons.append(Constraint.make({"k": 1}, "=", draw(st.integers(0, 4)), label))
    label += 1
    for _ in range(draw(st.integers(0, 2 * n))):
        cons.append(Constraint.make({draw(st.sampled_from(names)): 1}, draw(st.sampled_from(OPS)), draw(HALVES), label))
        label += 1
    for v in names + ["k"]:
        cons.append(Constraint.make({v: 1}, ">=", 0, label))
        label += 1
    order = draw(st.permutations(range(len(cons))))
    return Problem(tuple(cons[i] for i in order), frozenset(names + ["k"]))


@SETTINGS
@given(chains())
def test_differences_against_z3(problem):
    pytest.importorskip("z3")
    cons = list(problem.constraints)
    got = propagate(cons, problem.integers)
    sat = z3_sat(problem.constraints, problem.integers)
    if got is not None and not isinstance(got, Residual):  # (a Residual is left to the search)
        ok, payload = got
        assert ok == sat
        if ok:
            assert all(c.holds(payload) for c in cons)
        else:
            assert certificate_error(payload, cons, problem.integers) is None
    ranges = propagate_ranges(cons, problem.integers)
    if ranges is None or isinstance(ranges, Residual):  # (what is left goes to the search)
        return
    if not sat:
        assert all(r is None for r in ranges.values())
        return
    for v, iv in ranges.items():
        assert z3_range_error(problem.constraints, problem.integers, ((v, Fraction(1)),), iv) is None, (v, iv)


@SETTINGS
@given(chains())
def test_differences_as_the_search(problem):
    """Where propagation answers, the general search gives the same verdict."""
    cons = list(problem.constraints)
    got = propagate(cons, problem.integers)
    if got is None or isinstance(got, Residual):
        return
    ok, _ = Search(cons, problem.integers, Limits(Budget(max_nodes=100_000, max_seconds=None))).solve()
    assert ok == got[0]


def test_a_cumulative_chain_is_propagated():
    """``d0 <= d1 <= … <= d999`` with figures: decided, and ranged, without the search."""
    n = 1000
    cons = [Constraint.make({f"d{i}": 1, f"d{i + 1}": -1}, "<=", 0, -1 - i) for i in range(n - 1)]
    cons += [Constraint.make({f"d{i}": 1}, "=", 100 + 3 * i, i) for i in range(0, n, 2)]
    integers = frozenset(f"d{i}" for i in range(n))
    ok, model = propagate(cons, integers)
    assert ok and all(c.holds(model) for c in cons)
    ranges = propagate_ranges(cons, integers)
    assert ranges["d1"].low == 100 and ranges["d1"].high == 106  # between d0 = 100 and d2 = 106
    stale = cons + [Constraint.make({"d901": 1}, "=", 2000, n)]  # below d900 = 2800
    ok, cert = propagate(stale, integers)
    assert not ok and certificate_error(cert, stale, integers) is None


@SETTINGS
@given(chains())
def test_a_few_bounds_on_settled_differences(problem):
    """``propagate_more`` (a few claims checked against fixed constraints propagated once, the
    conflict search's check on a big part) gives propagate's verdict, with a valid certificate."""
    from tallycheck.solve.propagate import Settled, propagate_more

    fixed = [c for c in problem.constraints if len(c.coeffs) > 1 or c.op == ">=" and c.rhs == 0]
    extra = [c for c in problem.constraints if c not in fixed]
    settled = Settled(fixed, problem.integers)
    if not settled.usable:
        return
    got = propagate_more(settled, extra)
    if got is None:
        return
    whole = propagate(fixed + extra, problem.integers)
    sat = z3_sat(tuple(fixed + extra), problem.integers) if whole is None else whole[0]
    assert got[0] == sat
    if not got[0]:
        assert certificate_error(got[1], fixed + extra, problem.integers) is None


@SETTINGS
@given(chains(), st.data())
def test_bounds_on_one_settled_quantity(problem, data):
    """The claims of a check on one quantity alone (a claim shrunk to itself in the conflict
    search): ``propagate_more`` answers without propagating when they leave that quantity a
    value; its verdict is z3's, and a conflict's certificate is valid."""
    from tallycheck.solve.propagate import Settled, propagate_more

    fixed = [c for c in problem.constraints if len(c.coeffs) > 1 or c.op == ">=" and c.rhs == 0]
    settled = Settled(fixed, problem.integers)
    if not settled.usable:
        return
    names = sorted({v for c in fixed for v, _ in c.coeffs if v != "k"})
    v = data.draw(st.sampled_from(names))
    extra = [Constraint.make({v: 1}, data.draw(st.sampled_from(OPS)), data.draw(HALVES), 100 + i)
             for i in range(data.draw(st.integers(1, 2)))]
    got = propagate_more(settled, extra)
    assert got is not None
    assert got[0] == z3_sat(tuple(fixed + extra), problem.integers)
    if not got[0]:
        assert certificate_error(got[1], fixed + extra, problem.integers) is None


def test_bounds_on_two_settled_quantities_meet_through_the_chain():
    """``d0 <= d1 <= d2``, then ``d0 >= 10`` and ``d2 <= 5``: each holds alone, together they
    contradict through the chain (the answer without propagating is for one quantity only)."""
    from tallycheck.solve.propagate import Settled, propagate_more

    integers = frozenset({"d0", "d1", "d2"})
    fixed = [Constraint.make({"d0": 1, "d1": -1}, "<=", 0, -1), Constraint.make({"d1": 1, "d2": -1}, "<=", 0, -2)]
    fixed += [Constraint.make({v: 1}, ">=", 0, -3 - i) for i, v in enumerate(sorted(integers))]
    settled = Settled(fixed, integers)
    assert settled.usable
    low, high = Constraint.make({"d0": 1}, ">=", 10, 1), Constraint.make({"d2": 1}, "<=", 5, 2)
    assert propagate_more(settled, [low]) == (True, None)
    assert propagate_more(settled, [high]) == (True, None)
    ok, cert = propagate_more(settled, [low, high])
    assert not ok and certificate_error(cert, fixed + [low, high], integers) is None
