"""The box fast path of implied ranges (rationals in a box cut by one linear form) against z3
and against the general search it stands in for."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver_testkit import small_rational, z3_range_error, z3_sat
from tallycheck.solve import Budget, Constraint, Problem, implied_ranges
from tallycheck.solve.box import box_ranges
from tallycheck.solve.ranges import _group_ranges

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOUND_OPS = ["<=", "<", "=", ">=", ">"]


@st.composite
def boxes(draw):
    """2-4 variables, bounds on single variables, 1-3 constraints on one linear form: rationals,
    or counts in a sum of terms of one size (coefficients k and -k, pinned counts with any),
    which the box path also takes."""
    n = draw(st.integers(2, 4))
    names = [f"x{i}" for i in range(n)]
    whole = draw(st.booleans())
    size = draw(st.sampled_from([1, 2, 3]))
    form = {v: draw(st.sampled_from([size, -size]) if whole else st.integers(-3, 3).filter(bool)) for v in names}
    if whole and draw(st.booleans()):  # a count pinned by its claims, with a coefficient of its own
        form[names[0]] = draw(st.sampled_from([1, -2, 5]))
    cons = []
    label = 0
    for _ in range(draw(st.integers(1, 3))):
        scale = draw(st.sampled_from([Fraction(1), Fraction(2), Fraction(-1), Fraction(1, 3)]))
        coeffs = {v: a * scale for v, a in form.items()}
        cons.append(Constraint.make(coeffs, draw(st.sampled_from(BOUND_OPS)), draw(small_rational), label))
        label += 1
    for _ in range(draw(st.integers(0, 2 * n))):
        v = draw(st.sampled_from(names))
        a = draw(st.sampled_from([Fraction(1), Fraction(-2), Fraction(1, 2)]))
        cons.append(Constraint.make({v: a}, draw(st.sampled_from(BOUND_OPS)), draw(small_rational), label))
        label += 1
    order = draw(st.permutations(range(len(cons))))
    return Problem(tuple(cons[i] for i in order), frozenset(names) if whole else frozenset())


@SETTINGS
@given(boxes())
def test_box_ranges_against_z3(problem):
    pytest.importorskip("z3")
    ranges = box_ranges(list(problem.constraints), problem.integers)
    if not z3_sat(problem.constraints, problem.integers):
        assert ranges is None
        return
    if problem.integers and ranges is None:  # counts whose free terms differ in size: left to the search
        sizes = {abs(a) for c in problem.constraints if len(c.coeffs) > 1 for _, a in c.coeffs}
        assert len(sizes) > 1 or any(len(c.coeffs) > 1 and c.op == "!=" for c in problem.constraints)
        return
    assert ranges is not None
    for v in problem.variables:
        err = z3_range_error(problem.constraints, problem.integers, ((v, Fraction(1)),), ranges[v])
        assert err is None, (v, ranges[v], err)


@SETTINGS
@given(boxes())
def test_box_ranges_as_the_search(problem):
    """Where the box path answers, the general search (simplex optimisation) gives the same ranges."""
    ranges = box_ranges(list(problem.constraints), problem.integers)
    if ranges is None:
        return
    searched = _group_ranges_by_search(problem)
    # the search may leave an unbounded whole-number range undecided (None); z3 checks those
    settled = {v: r for v, r in searched.items() if r is not None}
    assert {v: ranges[v] for v in settled} == settled
    assert problem.integers or len(settled) == len(ranges)


def _group_ranges_by_search(problem: Problem) -> dict:
    import tallycheck.solve.ranges as r

    saved = r.box_ranges
    r.box_ranges = lambda *args: None
    saved_propagate = r.propagate_ranges
    r.propagate_ranges = lambda *args: None
    try:
        return _group_ranges(list(problem.constraints), problem.integers, list(problem.variables), Budget(), {}, {})
    finally:
        r.box_ranges = saved
        r.propagate_ranges = saved_propagate


def test_box_shapes_left_to_the_search():
    x, y, z = "x", "y", "z"
    two_forms = [Constraint.make({x: 1, y: 1}, "=", 1, 0), Constraint.make({y: 1, z: 1}, "=", 1, 1)]
    assert box_ranges(two_forms, frozenset()) is None
    a_count = [Constraint.make({x: 1, y: 1}, "=", 1, 0)]
    assert box_ranges(a_count, frozenset({x})) is None
    excluded = a_count + [Constraint.make({x: 1}, "!=", 0, 1)]
    assert box_ranges(excluded, frozenset()) is None
    empty = a_count + [Constraint.make({x: 1}, ">", 1, 1), Constraint.make({y: 1}, ">=", 0, 2)]
    assert box_ranges(empty, frozenset()) is None
    shares = Problem(
        (
            Constraint.make({x: 1, y: 1, z: 1}, "=", 1, 0),
            Constraint.make({x: 1}, ">=", Fraction(1, 2), 1),
            Constraint.make({y: 1}, ">", Fraction(1, 4), 2),
            Constraint.make({z: 1}, ">=", 0, 3),
        ),
        frozenset(),
    )
    from tallycheck.numbers.interval import Interval

    assert implied_ranges(shares) == {
        x: Interval(Fraction(1, 2), Fraction(3, 4), False, True),
        y: Interval(Fraction(1, 4), Fraction(1, 2), True, False),
        z: Interval(Fraction(0), Fraction(1, 4), False, True),
    }


def test_counts_in_a_sum_of_doubles_keep_their_parity():
    """``total = 2*a + 2*b`` with the total claimed: 10 gives each part 0..5; 11 has no whole
    solution, so the box path steps aside for the search, which proves it."""
    from tallycheck.numbers.interval import Interval

    def problem(total):
        return [Constraint.make({"total": 1, "a": -2, "b": -2}, "=", 0, 0), Constraint.make({"total": 1}, "=", total, 1),
                Constraint.make({"a": 1}, ">=", 0, 2), Constraint.make({"b": 1}, ">=", 0, 3)]

    counts = frozenset({"total", "a", "b"})
    ranges = box_ranges(problem(10), counts)
    assert ranges["a"] == ranges["b"] == Interval(Fraction(0), Fraction(5))
    assert ranges["total"] == Interval(Fraction(10), Fraction(10))
    assert box_ranges(problem(11), counts) is None
