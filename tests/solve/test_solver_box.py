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


# -- a box cut by a few relations (box.lump): the same answers as the general path ---------------


@st.composite
def cut_boxes(draw):
    """3-7 rational variables, each bounded by 0-2 constraints on it alone, cut by 1-3 linear forms
    (1-2 constraints each, over 2 or more of the variables): a variable in one form only is lumped
    with the others of that form (``box.LEAST`` lowered to 2), one in two forms is left as it is."""
    n = draw(st.integers(3, 7))
    names = [f"x{i}" for i in range(n)]
    cons = []
    label = 0
    for _ in range(draw(st.integers(1, 3))):
        vs = draw(st.lists(st.sampled_from(names), min_size=2, max_size=n, unique=True))
        form = {v: draw(st.sampled_from([1, 1, 1, -1, 2, -3])) for v in vs}
        for _ in range(draw(st.integers(1, 2))):
            scale = draw(st.sampled_from([Fraction(1), Fraction(-1), Fraction(1, 2)]))
            cons.append(Constraint.make({v: a * scale for v, a in form.items()}, draw(st.sampled_from(BOUND_OPS)),
                                        draw(small_rational), label))
            label += 1
    for v in names:
        for _ in range(draw(st.integers(0, 2))):
            a = draw(st.sampled_from([Fraction(1), Fraction(1), Fraction(-1), Fraction(1, 2)]))
            cons.append(Constraint.make({v: a}, draw(st.sampled_from(BOUND_OPS)), draw(small_rational), label))
            label += 1
    order = draw(st.permutations(range(len(cons))))
    return Problem(tuple(cons[i] for i in order), frozenset())


def _modules():
    import importlib

    return tuple(importlib.import_module(f"tallycheck.solve.{m}") for m in ("box", "decide", "ranges"))


class _Lumping:
    """``box.LEAST`` lowered to 2 (the lumped path), or the lumping turned off (the general path)."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __enter__(self):
        box, decide, ranges = _modules()
        self.saved = box.LEAST, decide.lump, ranges.lump
        box.LEAST = 2
        if not self.on:
            decide.lump = ranges.lump = lambda *args: None
        return self

    def __exit__(self, *exc):
        box, decide, ranges = _modules()
        box.LEAST, decide.lump, ranges.lump = self.saved


@SETTINGS
@given(cut_boxes())
def test_lumped_decision_as_the_general_path(problem):
    """The decision through the lumps is the general path's: a model that satisfies every
    constraint, or a certificate in the problem's own constraints."""
    from solver_testkit import certificate_error, model_error
    from tallycheck.solve.box import lump
    from tallycheck.solve.decide import decide_group

    cons = list(problem.constraints)
    with _Lumping(True):
        reduced = lump(cons, frozenset())
        lumped = decide_group(cons, frozenset(), None, Budget())
    with _Lumping(False):
        general = decide_group(cons, frozenset(), None, Budget())
    assert lumped[0] == general[0], (reduced, lumped, general)
    if lumped[0]:
        assert model_error(problem, cons, lumped[1]) is None
    else:
        assert certificate_error(lumped[1], cons, frozenset()) is None, lumped[1]


@SETTINGS
@given(cut_boxes())
def test_lumped_ranges_as_the_general_path(problem):
    """The ranges through the lumps are the general path's (the simplex optimisation, exact), and
    z3's."""
    cons = list(problem.constraints)
    with _Lumping(True):
        lumped = _group_ranges(cons, frozenset(), list(problem.variables), Budget(), {}, {})
    with _Lumping(False):
        general = _group_ranges_by_search(problem)
    assert lumped == general
    if any(r is not None for r in lumped.values()) and z3_sat(problem.constraints, frozenset()):
        for v in problem.variables:
            err = z3_range_error(problem.constraints, frozenset(), ((v, Fraction(1)),), lumped[v])
            assert err is None, (v, lumped[v], err)


def test_lumps_of_shares_and_a_sum_of_three():
    """``sum(share.*) = 100%`` and a sum of three of the shares: the other shares are one lump;
    a box emptied by two claims is their conflict, a sum of three out of reach its own."""
    from solver_testkit import certificate_error
    from tallycheck.solve.box import Reduced, lump

    shares = [f"s{i:02d}" for i in range(70)]
    cons = [Constraint.make({v: 1 for v in shares}, "=", 1, 0)]
    for i, v in enumerate(shares):
        cons.append(Constraint.make({v: 1}, ">=", Fraction(1, 100), 1 + i))
        cons.append(Constraint.make({v: 1}, "<=", Fraction(2, 100), 1 + i))
    three = {v: 1 for v in shares[:3]}
    ok = cons + [Constraint.make(three, ">=", Fraction(4, 100), 100), Constraint.make(three, "<=", Fraction(5, 100), 100)]
    reduced = lump(ok, frozenset())
    assert isinstance(reduced, Reduced)
    assert [len(one.terms) for one in reduced.lumps] == [67]
    assert len(reduced.constraints) == 1 + 6 + 2 + 2  # the 100%, three shares' bounds, the sum of three, the lump's two
    ranges = implied_ranges(Problem(tuple(ok), frozenset()))
    from tallycheck.numbers.interval import Interval

    assert ranges[shares[0]] == Interval(Fraction(1, 100), Fraction(2, 100))
    too_high = cons + [Constraint.make(three, ">=", Fraction(7, 100), 100)]
    reduced = lump(too_high, frozenset())
    from tallycheck.solve.decide import decide_group

    ok_, cert = decide_group(too_high, frozenset(), None, Budget())
    assert ok_ is False and certificate_error(cert, too_high, frozenset()) is None
    assert {c.label for c, _ in cert.terms} == {1, 2, 3, 100}
    swapped = cons + [Constraint.make({shares[40]: 1}, ">=", Fraction(3, 100), 101)]
    ok_, cert = decide_group(swapped, frozenset(), None, Budget())
    assert ok_ is False and {c.label for c, _ in cert.terms} == {41, 101}


def test_lump_steps_aside_at_the_first_whole_quantity_without_reading_the_rest():
    """A check of a big component of counts (100,000 dated figures) asks ``lump`` first: it
    must step aside at once, not after preparing every constraint (13 checks × 0.33 s took the
    cumulative shape past its 5-second timeout)."""
    from fractions import Fraction

    from tallycheck.solve import Constraint
    from tallycheck.solve.box import lump

    cons = [Constraint((("n0", Fraction(1)),), ">=", Fraction(0), 0)]
    cons += [Constraint(((f"x{i}", Fraction(1)), (f"x{i + 1}", Fraction(-1))), "<=", Fraction(0), i + 1)
             for i in range(200)]
    assert lump(cons, frozenset({"n0"})) is None
    assert not any("_prep" in c.__dict__ for c in cons[1:])


@st.composite
def regions(draw):
    """A region of an election as propagation leaves it: a total settled by other claims (``V =
    n``, or the sum of two pinned parts), parts held in shares of it (rounded: two ends, open or
    closed), and one constraint on the parts together (``V = p0 + p1 + p2``, or ``<=``, ``>=``,
    sometimes a part counted twice), sometimes a second (``p0 + p1 <= m``): counts or rationals."""
    k = draw(st.integers(2, 4))
    parts = [f"p{i}" for i in range(k)]
    whole = draw(st.booleans())
    names = ["V", *parts]
    cons = []
    n = draw(st.integers(1, 60))
    if draw(st.booleans()):
        cons.append(Constraint.make({"V": 1}, "=", n, 0))
    else:
        m = draw(st.integers(0, n))
        cons += [Constraint.make({"V": 1, "q0": -1, "q1": -1}, "=", 0, 0), Constraint.make({"q0": 1}, "=", m, 1),
                 Constraint.make({"q1": 1}, "=", n - m, 2)]
        names += ["q0", "q1"]
    label = 10
    for p in parts:
        cons.append(Constraint.make({p: 1}, ">=", 0, label))
        label += 1
        if draw(st.booleans()):
            a = Fraction(draw(st.integers(0, 20)), 20)
            b = a + Fraction(draw(st.integers(0, 3)), 40)
            cons.append(Constraint.make({p: 1, "V": -a}, draw(st.sampled_from([">=", ">"])), 0, label))
            cons.append(Constraint.make({p: 1, "V": -b}, draw(st.sampled_from(["<=", "<"])), 0, label + 1))
            label += 2
    sizes = {p: 1 for p in parts}
    if draw(st.booleans()):
        sizes[parts[0]] = 2
    form = {"V": -1, **sizes}
    cons.append(Constraint.make(form, draw(st.sampled_from(["=", "=", "<=", ">="])), draw(st.integers(-1, 1)), label))
    if draw(st.booleans()):  # a second constraint on parts together: no longer a box
        cons.append(Constraint.make({parts[0]: 1, parts[1]: 1}, "<=", draw(st.integers(0, 40)), label + 1))
    order = draw(st.permutations(range(len(cons))))
    return Problem(tuple(cons[i] for i in order), frozenset(names) if whole else frozenset())


@SETTINGS
@given(regions())
def test_a_region_left_by_propagation_ranged_as_a_box(problem):
    """A group that propagation leaves with one constraint on two or more of its quantities is
    ranged as a box (``Residual.box_ranges``): the same ranges as the search gives the group,
    and z3's over the whole problem."""
    from tallycheck.solve.propagate import Residual, propagate_ranges

    cons, integers = list(problem.constraints), problem.integers
    res = propagate_ranges(cons, integers)
    if not isinstance(res, Residual):
        return
    for group, names in res.groups:
        boxed = res.box_ranges(group, names, integers)
        if boxed is None:
            continue
        searched = _group_ranges(group, integers, names, Budget(), {}, {}, settle=False)
        assert {v: boxed[v] for v in names} == searched
        pytest.importorskip("z3")
        for v in names:
            assert z3_range_error(problem.constraints, integers, ((v, Fraction(1)),), boxed[v]) is None, v


def test_an_election_region_is_ranged_without_a_search():
    """``red = 48.5% of votes``, ``blue = 42.4% of votes``, ``votes = red + blue + other``,
    ``votes = 1000`` settled: the region's ranges come from its box (no search), as the search
    gives them."""
    from tallycheck.solve import propagate as p
    from tallycheck.solve.propagate import Residual

    cons = [Constraint.make({"votes": 1}, "=", 1000, 0),
            Constraint.make({"red": 1, "votes": Fraction(-4845, 10000)}, ">=", 0, 1),
            Constraint.make({"red": 1, "votes": Fraction(-4855, 10000)}, "<", 0, 1),
            Constraint.make({"blue": 1, "votes": Fraction(-4235, 10000)}, ">=", 0, 2),
            Constraint.make({"blue": 1, "votes": Fraction(-4245, 10000)}, "<", 0, 2),
            Constraint.make({"votes": 1, "red": -1, "blue": -1, "other": -1}, "=", 0, 3),
            *[Constraint.make({v: 1}, ">=", 0, -1) for v in ("red", "blue", "other")]]
    integers = frozenset({"votes", "red", "blue", "other"})
    res = p.propagate(cons, integers)
    assert isinstance(res, Residual) and len(res.groups) == 1
    group, names = res.groups[0]
    boxed = res.box_ranges(group, names, integers)
    assert (boxed["red"].low, boxed["red"].high) == (485, 485)
    assert (boxed["blue"].low, boxed["blue"].high) == (424, 424)
    assert (boxed["other"].low, boxed["other"].high) == (91, 91)
    ranges = implied_ranges(Problem(tuple(cons), integers))
    assert {v: ranges[v] for v in names} == boxed
