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

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOUND_OPS = ["<=", "<", "=", ">=", ">"]


@st.composite
def claimed_boxes(draw):
    """4-8 rational variables, each bounded by 0-4 claims (some claims bound two variables, some
    repeat a bound: the first of equal ones is the box's), cut by 1-3 linear forms of 1-2
    constraints each (some fixed, as definitions are); then selections of the claims, each the
    whole but 0-3 claims (a form may lose all its constraints), or any subset."""
    n = draw(st.integers(4, 8))
    names = [f"x{i}" for i in range(n)]
    claims = draw(st.integers(4, 12))
    cons = []
    fixed = set()
    for f in range(draw(st.integers(1, 3))):
        vs = draw(st.lists(st.sampled_from(names), min_size=2, max_size=n, unique=True))
        form = {v: draw(st.sampled_from([1, 1, -1, 2])) for v in vs}
        for _ in range(draw(st.integers(1, 2))):
            label = draw(st.integers(0, claims + 1))
            if label > claims:  # a definition
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
            cons.append(Constraint.make({v: a}, draw(st.sampled_from(BOUND_OPS)), rhs, draw(st.integers(0, claims))))
    order = draw(st.permutations(range(len(cons))))
    problem = Problem(tuple(cons[i] for i in order), frozenset(), frozenset(fixed))
    every = sorted({c.label for c in cons} - fixed)
    selections = []
    for _ in range(draw(st.integers(2, 6))):
        if draw(st.booleans()):
            out = draw(st.lists(st.sampled_from(every), max_size=3)) if every else []
            selections.append(frozenset(every) - set(out))
        else:
            selections.append(frozenset(draw(st.lists(st.sampled_from(every), max_size=len(every))) if every else []))
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
    """``box.LEAST`` lowered to 2 and ``lumps.FEW`` to 1 (a selection may leave out every claim
    and still be lumped from the whole), so that small problems take the path of big ones."""

    def __enter__(self):
        self.saved = box.LEAST, lumps.FEW
        box.LEAST, lumps.FEW = 2, 1

    def __exit__(self, *exc):
        box.LEAST, lumps.FEW = self.saved


@SETTINGS
@given(claimed_boxes())
def test_a_selection_lumped_from_the_whole_is_its_own_lump(case):
    problem, selections = case
    with _Few():
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
