"""The jumps of a ratio base (tallycheck.solve.search._Base) against stepping one value at a
time: a base whose parts are held in rounded ratios to it (``victims.north = nearly 35.7% of
victims``), one of which is the base of ratios of its own (``victims.extra.two_b = 24.99% of
victims.extra``), and maybe a sum of parts.  The search jumps over the bases that admit no
whole parts; stepping checks every one.  Both must find the same first and last base."""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from math import gcd
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tallycheck.solve import search
from tallycheck.solve.problem import Constraint
from tallycheck.solve.search import _Base, _highest, _lowest, _Pair, _tied

NAMES = ["total", "share", "other", "inner_a", "inner_b"]
TOTAL, SHARE, OTHER, INNER_A, INNER_B = range(5)


@st.composite
def ratios(draw):
    """``(a, a_open, b, b_open)``: a share as written and rounded (``24.99%``: 24.985% ..
    24.995%), an exact one, or a loose one (``between 75.0 and 75.1%``); ``a`` may be 0."""
    scale = draw(st.sampled_from([10, 100, 1000, 10000]))
    a = Fraction(draw(st.integers(0, scale)), scale)
    b = a + Fraction(draw(st.integers(0, 3)), scale * draw(st.sampled_from([1, 2, 10])))
    return a, draw(st.booleans()) and a < b, b, draw(st.booleans()) and a < b


def pair(part: int, ratio) -> _Pair:
    return _Pair(part, *ratio, ())


@st.composite
def bases(draw):
    """The outer base with one or two parts, the first of them a base of its own (one or two
    parts, and maybe a pair back to the outer base, which its check leaves out), and maybe a
    sum of the parts with a constant and other terms (``rest``)."""
    share = draw(ratios())
    outer = [pair(SHARE, share)]
    if draw(st.booleans()):  # another part: any, or the rest of the base (the parts then add up to it)
        a, a_open, b, b_open = share
        rest_of_it = (1 - b, draw(st.booleans()) and a < b, 1 - a, draw(st.booleans()) and a < b)
        # or a share whose closed upper end makes 1 with the first's (95.14% and 4.85%, rounded:
        # their whole values add up to the base only where both ends are whole)
        top = 1 - b
        up_to_one = (max(Fraction(0), top - Fraction(draw(st.integers(0, 3)), 200)), False, top, False)
        other = draw(st.sampled_from(["rest", "up to one", "any"])) if b <= 1 else "any"
        outer.append(pair(OTHER, rest_of_it if other == "rest" else up_to_one if other == "up to one" and not share[3]
                          else draw(ratios())))
    inner = [pair(INNER_A, draw(ratios()))]
    if draw(st.booleans()):
        inner.append(pair(INNER_B, draw(ratios())))
    if draw(st.booleans()):
        inner.append(pair(TOTAL, draw(ratios())))
    total = None
    if draw(st.booleans()):
        at = tuple(sorted(draw(st.sets(st.integers(0, len(outer) - 1), min_size=1))))
        total = (at, Fraction(draw(st.integers(-3, 3))), None, ())
    rest = draw(st.sampled_from([None, (0, 0), (0, None), (1, 5), (None, 2)]))
    if rest is not None and draw(st.booleans()):  # other terms tied by equalities (search._tied)
        step = draw(st.integers(2, 4))
        rest = rest + (step, draw(st.integers(0, step - 1)))
    g = _Base(TOTAL, outer, NAMES, total, True)
    nested = {SHARE: _Base(SHARE, inner, NAMES, None, False)}
    return g, nested, rest


def admits(g: _Base, v: int, skip: int) -> bool:
    return all(_lowest(p.a * v, p.a_open) <= _highest(p.b * v, p.b_open) for p in g.pairs if p.part != skip)


def fits_stepping(g: _Base, t: int, nested: dict, rest) -> bool:
    """Does base ``t`` admit whole parts?  Every value of every nested part looked at."""
    lows, highs = [], []
    for p in g.pairs:
        lo, hi = _lowest(p.a * t, p.a_open), _highest(p.b * t, p.b_open)
        if lo > hi:
            return False
        if p.part in nested:
            ok = [v for v in range(max(lo, 1), hi + 1) if admits(nested[p.part], v, g.base)]
            if not ok:
                return False
            lo, hi = ok[0], ok[-1]
        lows.append(lo)
        highs.append(hi)
    if g.total is None or rest is None:
        return True
    at, c, _, _ = g.total
    least, most, step, residue = rest if len(rest) == 4 else rest + (1, 0)
    # every sum of the other terms the parts leave room for, in rest's range and residue
    others = range(int(t - c) - sum(highs[i] for i in at), int(t - c) - sum(lows[i] for i in at) + 1)  # (c whole)
    return any((least is None or least <= r) and (most is None or r <= most) and (r - residue) % step == 0
               for r in others)


@settings(max_examples=300, deadline=None)
@given(bases(), st.integers(1, 400), st.integers(0, 1200))
def test_the_first_and_last_base_as_stepping_finds_them(case, low, width):
    g, nested, rest = case
    high = low + width
    fitting = [t for t in range(low, high + 1) if fits_stepping(g, t, nested, rest)]
    assert g.first(low, high, nested, rest) == (fitting[0] if fitting else None)
    assert g.last(low, high, nested, rest) == (fitting[-1] if fitting else None)


@settings(max_examples=300, deadline=None)
@given(bases(), st.integers(-2, 300), st.integers(0, 600))
def test_the_values_a_nested_base_admits_as_stepping_finds_them(case, low, width):
    _, nested, _ = case
    inner = nested[SHARE]
    high = low + width
    ok = [v for v in range(max(low, 1), high + 1) if admits(inner, v, TOTAL)]
    assert inner.admitted(low, high, TOTAL, True) == (ok[0] if ok else None)
    assert inner.admitted(low, high, TOTAL, False) == (ok[-1] if ok else None)
    if ok:  # with no upper end, the least is the same
        assert inner.admitted(low, None, TOTAL, True) == ok[0]


def test_a_share_of_a_share_jumps_to_the_first_total_that_admits_both():
    """``victims.extra = 5% of victims``, ``victims.extra.two_b = 24.99% of victims.extra``: a
    whole ``two_b`` needs ``victims.extra`` of 1,669 or more (1,669 - 4 × 417 = 1: 1/4 less
    1/6,676), so ``victims`` of 30,346 or more (5% rounded: 4.5% .. 5.5%, 1,669 / 5.5% =
    30,345.5).  The story of nine claims behind it was 'unknown' after 5 s, the search
    stepping through ``victims`` one by one."""
    rounded = (Fraction(45, 1000), False, Fraction(55, 1000), True)
    g = _Base(TOTAL, [pair(SHARE, rounded)], NAMES, None, True)
    nested = {SHARE: _Base(SHARE, [pair(INNER_A, (Fraction(24985, 100000), False, Fraction(24995, 100000), True))],
                           NAMES, None, False)}
    assert nested[SHARE].admitted(1, None, TOTAL, True) == 1669
    first = g.first(19, None, nested)
    assert first == 30346 and fits_stepping(g, first, nested, (0, 0))
    assert not any(fits_stepping(g, t, nested, (0, 0)) for t in range(19, first))


@settings(max_examples=200, deadline=None)
@given(bases(), st.integers(1, 400), st.integers(0, 1200), st.integers(1, 3))
def test_a_nested_base_cut_short_never_jumps_over_a_base_that_fits(case, low, width, jumps):
    """With the jumps of a nested base cut short (``JUMPS``), the cut is weaker, never wrong:
    the first base found is at or below the first that fits, the last at or above the last."""
    g, nested, rest = case
    high = low + width
    fitting = [t for t in range(low, high + 1) if fits_stepping(g, t, nested, rest)]
    with patch.object(search, "JUMPS", jumps):
        first, last = g.first(low, high, nested, rest), g.last(low, high, nested, rest)
    if fitting:
        assert first is not None and first <= fitting[0]
        assert last is not None and last >= fitting[-1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(-2, 2), st.sampled_from([1, -1])),
                max_size=4),
       st.lists(st.integers(0, 3), min_size=2, max_size=4, unique=True))
def test_tied_terms_add_up_to_their_residue(equalities, rest):
    """``_tied``'s step and residue against every whole assignment of four quantities (0..4)
    that the equalities ``x - y = c`` (written either way round) allow: the sum of the rest is
    always the residue modulo the step, and no greater step would hold."""
    names = ["q0", "q1", "q2", "q3"]
    cons = [Constraint.make({names[x]: sign, names[y]: -sign}, "=", sign * c, 0)
            for x, y, c, sign in equalities if x != y]
    tied = _tied(cons, frozenset(names), tuple(names[i] for i in rest))
    step, residue = tied if tied is not None else (1, 0)
    sums = set()
    for values in product(range(5), repeat=4):
        point = dict(zip(names, values))
        if all(c.holds(point) for c in cons):
            sums.add(sum(values[i] for i in rest))
    assert all((s - residue) % step == 0 for s in sums)
    if len(sums) > 1 and tied is not None:  # the step is the largest: the sums' differences share no more
        diffs = 0
        for s in sums:
            diffs = gcd(diffs, s - min(sums))
        assert diffs % step == 0


def test_a_total_whose_other_terms_are_tied_jumps_over_the_odd_rests():
    """``yes = 33.32% of turnout``, ``turnout = yes + no + undecided``, ``undecided = no``: the
    rest is ``2·no``, even, so a turnout whose whole ``yes`` leaves an odd rest is jumped over;
    the first turnout that fits is z3's least, 3,638 (stepping: 3,637 of 3,638 fail)."""
    rounded = (Fraction(33315, 100000), False, Fraction(33325, 100000), True)
    g = _Base(TOTAL, [pair(SHARE, rounded)], NAMES, ((0,), Fraction(0), None, (OTHER, INNER_A)), True)
    assert g.first(1, None, None, (0, None)) == 1819  # untied: 606 yes, and 1,213 others
    assert g.first(1, None, None, (0, None, 2, 0)) == 3638
    assert fits_stepping(g, 3638, {}, (0, None, 2, 0)) and not fits_stepping(g, 3637, {}, (0, None, 2, 0))


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 199), st.sampled_from([200, 1000, 10000]), st.integers(0, 3), st.integers(0, 3),
       st.integers(-1, 1), st.booleans(), st.booleans(), st.booleans(), st.integers(1, 3000), st.integers(0, 3000))
def test_shares_whose_ends_make_one_jump_by_their_period(k, scale, w1, w2, c, inner, lower, opened, low, width):
    """Two rounded shares whose closed upper ends add up to 1 (``95.14%`` and ``4.85%`` of a total
    that is their sum), or lower ends (``33.34%`` and ``66.67%``): whole parts reach the total
    only where both ends are whole, so the search jumps from one multiple of the period to the
    next (``_Base.period``, ``low_period``); first and last as stepping finds them, with a part
    that is a base of its own (a quarter of it) or not."""
    b = Fraction(k, scale) if Fraction(k, scale) < 1 else Fraction(1, 2)
    if lower:  # (``opened``: the first share's end open, as ``more than 33.34%``: no jump then)
        one = (b, opened, min(Fraction(1), b + Fraction(w1 + opened, 2 * scale)), False)
        two = (1 - b, False, min(Fraction(1), 1 - b + Fraction(w2, 2 * scale)), False)
    else:
        one = (max(Fraction(0), b - Fraction(w1 + opened, 2 * scale)), False, b, opened)
        two = (max(Fraction(0), 1 - b - Fraction(w2, 2 * scale)), False, 1 - b, False)
    g = _Base(TOTAL, [pair(SHARE, one), pair(OTHER, two)], NAMES, ((0, 1), Fraction(c), None, ()), True)
    nested = {SHARE: _Base(SHARE, [pair(INNER_A, (Fraction(1, 4), False, Fraction(1, 4), False))], NAMES, None, False)}
    nested = nested if inner else {}
    assert ((g.low_period if lower else g.period) is None) == opened
    high = low + width
    fitting = [t for t in range(low, high + 1) if fits_stepping(g, t, nested, (0, 0))]
    assert g.first(low, high, nested, (0, 0)) == (fitting[0] if fitting else None)
    assert g.last(low, high, nested, (0, 0)) == (fitting[-1] if fitting else None)


def test_shares_of_99_99_percent_reach_their_total_at_80000():
    """``women = 95.14% of victims``, ``adults = 4.85% of victims``, ``victims = women + adults``
    and ``women.adults = a quarter of women``: only at the upper ends (95.145%, 4.855%) do the
    parts add up, at multiples of 20,000, and ``women`` must be a multiple of 4: 80,000, as
    z3 finds.  The search stepped through every total: 8 s past the 5-second budget for the
    ranges (an oracle story of seed 69, 'unknown')."""
    women = (Fraction(95135, 100000), False, Fraction(95145, 100000), False)
    adults = (Fraction(4845, 100000), False, Fraction(4855, 100000), False)
    g = _Base(TOTAL, [pair(SHARE, women), pair(OTHER, adults)], NAMES, ((0, 1), Fraction(0), None, ()), True)
    nested = {SHARE: _Base(SHARE, [pair(INNER_A, (Fraction(1, 4), False, Fraction(1, 4), False))], NAMES, None, False)}
    assert g.period == 20000
    assert g.first(1, None, nested, (0, 0)) == 80000
    assert g.first(1, None, {}, (0, 0)) == 20000


def test_stepping_through_bases_looks_at_the_clock():
    """Where no jump applies (``95.14%`` and ``4.84%``: the parts never reach the total), the
    bases are stepped one by one, up to ``SUM_STEPS``; each step calls ``tick`` (the search's
    clock), so a budget stops it (it ran 8 s past a budget of 5)."""
    from tallycheck.solve.budget import BudgetExceeded

    women = (Fraction(95135, 100000), False, Fraction(95145, 100000), False)
    adults = (Fraction(4835, 100000), False, Fraction(4845, 100000), False)
    g = _Base(TOTAL, [pair(SHARE, women), pair(OTHER, adults)], NAMES, ((0, 1), Fraction(0), None, ()), True)
    calls = []

    def tick():
        calls.append(1)
        if len(calls) == 100:
            raise BudgetExceeded("more than 1 second (timeout)", "timeout")

    with pytest.raises(BudgetExceeded):
        g.first(1, None, None, (0, 0), tick)
    calls.clear()
    with pytest.raises(BudgetExceeded):
        g.last(1, 10 ** 6, None, (0, 0), tick)
