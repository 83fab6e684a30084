"""``Lumps.of``: a selection of a problem's claims lumped from the whole problem's lump (a few
boxes bounded again, their terms taken out of their lump's sum and put back) is what
``box.lump`` makes of the selection itself -- the same constraints in the same order, the same
lumps, the same certificate of an empty box."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver_testkit import small_rational
from tallycheck.solve import Constraint, Problem
from tallycheck.solve import box, lumps
from tallycheck.solve.box import Reduced, lump
from tallycheck.solve.lumps import Lumps

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOUND_OPS = ["<=", "<", "=", ">=", ">"]


@st.composite
def claimed_boxes(draw):
    """4-8 rational variables, each bounded by 0-4 claims or kinds (fixed; some claims bound two
    variables, some repeat a bound: the first of equal ones is the box's), cut by 1-3 linear forms of 1-2
    constraints each (some fixed, as definitions are); then selections of the claims, each the
    whole but 0-3 claims (a form may lose all its constraints), the definitions and 0-3 claims (a
    form may come in), or any subset."""
    n = draw(st.integers(4, 8))
    names = [f"x{i}" for i in range(n)]
    claims = draw(st.integers(4, 12))
    cons = []
    fixed = set()
    for f in range(draw(st.integers(1, 3))):
        vs = draw(st.lists(st.sampled_from(names), min_size=2, max_size=n, unique=True))
        form = {v: draw(st.sampled_from([1, 1, -1, 2])) for v in vs}
        for _ in range(draw(st.integers(1, 2))):
            label = draw(st.integers(0, 4))  # (few labels: a form is often left out, or brought in)
            if label > 3:  # a definition
                label = 100 + f
                fixed.add(label)
            scale = draw(st.sampled_from([Fraction(1), Fraction(-1), Fraction(1, 2)]))
            cons.append(Constraint.make({v: a * scale for v, a in form.items()}, draw(st.sampled_from(BOUND_OPS)),
                                        draw(small_rational), label))
    for v in names:
        for _ in range(draw(st.integers(0, 4))):
            a = draw(st.sampled_from([Fraction(1), Fraction(1), Fraction(-1), Fraction(1, 2)]))
            rhs = draw(st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 2), None]))  # (equal bounds, often)
            rhs = draw(small_rational) if rhs is None else rhs
            label = draw(st.integers(0, claims + 2))
            if label > claims:  # a kind's bound (``share >= 0``): fixed
                label = 99
                fixed.add(label)
            cons.append(Constraint.make({v: a}, draw(st.sampled_from(BOUND_OPS)), rhs, label))
    order = draw(st.permutations(range(len(cons))))
    problem = Problem(tuple(cons[i] for i in order), frozenset(), frozenset(fixed))
    every = sorted({c.label for c in cons} - fixed)
    selections = []
    for _ in range(draw(st.integers(3, 10))):
        near = draw(st.sampled_from(["whole", "fixed", "whole", "fixed", "any"]))
        if near == "whole":
            out = draw(st.lists(st.sampled_from(every), max_size=3)) if every else []
            selections.append(frozenset(every) - set(out))
        elif near == "fixed":
            selections.append(frozenset(draw(st.lists(st.sampled_from(every), max_size=3))) if every else frozenset())
        else:
            selections.append(frozenset(draw(st.lists(st.sampled_from(every), max_size=len(every))) if every else []))
    return problem, selections


@st.composite
def shares_with_sums(draw):
    """The shape of a budget's shares: one fixed form over 4-9 variables (``sum(share.*) = 100%``),
    each bounded by fixed ends (within 0 and 100%; once in a while an empty box) and 0-2 claims, and 1-3 claims that add up two or three of
    them (a newspaper's sum of the largest); then selections near the whole or near the fixed
    constraints alone, so that the newspaper's sums are often left out or brought in."""
    n = draw(st.integers(4, 9))
    names = [f"s{i}" for i in range(n)]
    cons = [Constraint.make({v: 1 for v in names}, "=", Fraction(1), 100)]
    label = 0
    for v in names:
        cons.append(Constraint.make({v: 1}, ">=", Fraction(0), 99))  # (a share is within 0 and 100%)
        cons.append(Constraint.make({v: 1}, "<=", Fraction(-1, 10) if draw(st.integers(0, 5)) == 0 else Fraction(1), 99))
        for _ in range(draw(st.integers(0, 2))):
            rhs = draw(st.sampled_from([Fraction(1, 10), Fraction(1, 5), Fraction(1, 4)]))
            cons.append(Constraint.make({v: 1}, draw(st.sampled_from(BOUND_OPS)), rhs, label))
            label += 1
    if draw(st.booleans()):  # a claim no lump takes (``!=``): a selection with it is not lumped
        cons.append(Constraint.make({draw(st.sampled_from(names)): 1}, "!=", Fraction(1, 5), label))
        label += 1
    for _ in range(draw(st.integers(1, 3))):
        vs = draw(st.lists(st.sampled_from(names), min_size=2, max_size=3, unique=True))
        rhs = draw(st.sampled_from([Fraction(1, 2), Fraction(3, 5), Fraction(1, 5)]))
        cons.append(Constraint.make({v: 1 for v in vs}, draw(st.sampled_from(BOUND_OPS)), rhs, label))
        label += 1
    order = draw(st.permutations(range(len(cons))))
    problem = Problem(tuple(cons[i] for i in order), frozenset(), frozenset({99, 100}))
    every = list(range(label))
    selections = []
    for _ in range(draw(st.integers(3, 10))):
        few = draw(st.lists(st.sampled_from(every), max_size=3))
        selections.append(frozenset(every) - set(few) if draw(st.booleans()) else frozenset(few))
    return problem, selections


def _seen(reduced):
    """What a reduction is, compared by value: its constraints in order (each with the problem's
    constraint it stands for, and the lump and end it bounds), and each lump."""
    if not isinstance(reduced, Reduced):
        return reduced  # None, or (False, certificate): compared as they are
    rows = []
    for c in reduced.constraints:
        bound = reduced.bounds.get(id(c))
        rows.append((c, reduced.original.get(id(c)), None if bound is None else (bound[0].name, bound[1])))
    made = [(one.name, one.terms, one.low, one.high, one.reasons) for one in reduced.lumps]
    return rows, made


class _Few:
    """``box.LEAST`` lowered to ``least`` (2 to 7: a lump of small problems, and sometimes too few
    variables) and ``lumps.FEW`` to 1 (a selection may differ from a base in every claim and still
    be lumped from it), so that small problems take the path of big ones."""

    def __init__(self, least: int = 2) -> None:
        self.least = least

    def __enter__(self):
        self.saved = box.LEAST, lumps.FEW
        box.LEAST, lumps.FEW = self.least, 1

    def __exit__(self, *exc):
        box.LEAST, lumps.FEW = self.saved


@SETTINGS
@given(claimed_boxes() | shares_with_sums(), st.sampled_from([2, 2, 3, 5, 7]))
def test_a_selection_lumped_from_a_base_is_its_own_lump(case, least):
    problem, selections = case
    with _Few(least):
        many = Lumps(problem)
        for labels in selections:
            cons, reduced = many.of(labels, 0)
            alone = lump(problem.select(labels), problem.integers)
            assert _seen(reduced) == _seen(alone), (labels, cons is None)
            if cons is not None:
                assert cons == problem.select(labels)


def test_the_whole_is_lumped_at_the_second_selection_and_answers_the_next_ones():
    """50,000 shares of 100%, each claimed within its rounding: the first selection is lumped as it
    is, the second makes the index, and a check without two claims takes none of 100,000 bounds
    again (its lump's sum has two terms taken out and put back)."""
    shares = [f"s{i:05d}" for i in range(2000)]
    cons = [Constraint.make({v: 1 for v in shares}, "=", 1, 0)]
    for i, v in enumerate(shares):
        cons.append(Constraint.make({v: 1}, ">=", Fraction(4, 10000), 1 + i))
        cons.append(Constraint.make({v: 1}, "<=", Fraction(6, 10000), 1 + i))
    cons.append(Constraint.make({shares[7]: 1}, ">=", Fraction(7, 10000), 5000))  # its box is empty
    problem = Problem(tuple(cons), frozenset(), frozenset({0}))
    every = frozenset(range(1, 2001)) | {5000}
    many = Lumps(problem)
    first, _ = many.of(every, 1000)
    assert first is not None  # the first: selected and lumped as it is
    for labels in (every - {3, 4}, every - {5000}, every - {8, 5000}, every - {5000, 2000}):
        cons, reduced = many.of(labels, 1000)
        assert cons is None  # from the whole problem's lump
        assert _seen(reduced) == _seen(lump(problem.select(labels), frozenset()))
    ok, cert = many.of(every - {5}, 1000)[1]
    assert ok is False and {c.label for c, _ in cert.terms} == {8, 5000}
    small, reduced = many.of(frozenset({1, 2}), 3)
    assert small is not None and isinstance(reduced, Reduced)  # few claims: lumped as they are
