"""``FirstPasses.of``: the first pass of propagation over a selection of a problem's claims, made
from the whole problem's (the boxes of the quantities whose bounds it leaves out made again), is
``first_pass`` of the selection itself -- the same boxes with the same reasons, the same first
crossing, the same constraints left in the same order."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tallycheck.solve import Constraint, Problem
from tallycheck.solve import passes
from tallycheck.solve.passes import FirstPasses
from tallycheck.solve.propagate import _Stop, first_pass

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPS = ["<=", "<", "=", ">=", ">", "!="]


@st.composite
def bounded(draw):
    """2-5 quantities, each with 0-5 bounds (often equal ones, sometimes crossing), some differences
    between them and some ``!=``, under 3-10 labels (one fixed); then selections of the labels,
    each all but 0-3 of them or any subset."""
    n = draw(st.integers(2, 5))
    names = [f"q{i}" for i in range(n)]
    claims = draw(st.integers(3, 10))
    cons = []
    for v in names:
        for _ in range(draw(st.integers(0, 5))):
            a = draw(st.sampled_from([Fraction(1), Fraction(1), Fraction(-1), Fraction(2)]))
            rhs = Fraction(draw(st.integers(0, 2)), draw(st.sampled_from([1, 1, 2])))  # (equal and crossing bounds, often)
            cons.append(Constraint.make({v: a}, draw(st.sampled_from(OPS)), rhs, draw(st.integers(0, claims))))
    for _ in range(draw(st.integers(0, 3))):
        x, y = draw(st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True))
        cons.append(Constraint.make({x: 1, y: -1}, draw(st.sampled_from(OPS)), Fraction(draw(st.integers(-2, 2))),
                                    draw(st.integers(0, claims))))
    order = draw(st.permutations(range(len(cons))))
    problem = Problem(tuple(cons[i] for i in order), frozenset(names), frozenset({0}))
    every = sorted({c.label for c in cons} - {0})
    selections = []
    for _ in range(draw(st.integers(2, 6))):
        if draw(st.booleans()):
            out = draw(st.lists(st.sampled_from(every), max_size=3)) if every else []
            selections.append(frozenset(every) - set(out))
        else:
            selections.append(frozenset(draw(st.lists(st.sampled_from(every), max_size=len(every))) if every else []))
    return problem, selections


def _pass(run):
    """What a first pass does: ``(boxes, constraints left)``, or the clash it stops at."""
    lo: dict = {}
    hi: dict = {}
    try:
        left = run(lo, hi)
    except _Stop as stop:
        return "clash", stop.clash
    return lo, hi, left


@SETTINGS
@given(bounded())
def test_a_selection_s_first_pass_from_the_whole_is_its_own(case):
    problem, selections = case
    saved = passes.FEW
    passes.FEW = 1  # (a selection may leave out every claim and still start from the whole)
    try:
        many = FirstPasses(problem)
        made = 0
        for labels in selections:
            run = many.of(labels, 0)
            alone = _pass(lambda lo, hi: first_pass(problem.select(labels), lo, hi))
            if run is not None:
                made += 1
                assert _pass(run) == alone, labels
        assert made == len(selections) - 1  # all but the first
    finally:
        passes.FEW = saved
