"""Fast path for implied ranges: rational quantities in a box, cut by one relation.

Shares of a whole are the common case: ``a + b + c = 100%`` (a definition), each
share within its rounding interval, no share a count.  Every constraint but the
relation is on one variable (together they make a *box*), and the relation
bounds one linear form ``L = sum(a_i * x_i)`` (one constraint, or several on
the same form).  Then each variable's range is exact without the simplex:

    a_j * x_j  in  L's range  minus  the range of sum(a_i * x_i, i != j) over the box

intersected with the variable's own box.  The sum of a box's terms ranges over an
interval, so this is the projection of the feasible set, ends open or closed
included.  Values are delta-rationals (:mod:`.linear`): a strict end carries an
infinitesimal, and adding ends adds infinitesimals, so an end is open exactly when
one of the ends it is made of is.

Counts are handled when the form is a sum of counts whose free terms have coefficients of
one size (``total = a + b + c``, ``total = 2*a + 2*b`` with the total claimed): those terms
then take every multiple of that size between their ends, and the same projection is exact
over whole numbers once each end is rounded inward (:func:`_whole_steps`; a sum of 1,100
parts claimed as a total: no optimisation at all).  Not for ``!=``; when the box and the relation have no
common point the caller runs the general search (which also explains why).
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

from ..numbers.interval import Interval
from .linear import ceil_delta, floor_delta, prep_once
from .num import div
from .problem import Constraint


def box_ranges(cons: list[Constraint], integers: frozenset[str]) -> dict[str, Interval] | None:
    """Exact ranges when ``cons`` is a box cut by one linear form's bounds; None otherwise.

    ``integers`` are the problem's integer variables: any of them in ``cons`` is
    handled only in a sum of counts (:func:`_whole_steps`).
    """
    lo: dict[str, tuple] = {}  # variable -> its box's lower end (delta value), if any
    hi: dict[str, tuple] = {}
    form = None  # the one linear form of several variables: ((variable, int coefficient), ...)
    form_lo = form_hi = None  # its bounds
    for c in cons:
        co, _, key, _, up, low = prep_once(c)
        if c.op == "!=":
            return None
        if len(co) == 1:
            if up is not None:
                h = hi.get(key)
                if h is None or up[0] < h:
                    hi[key] = up[0]
            if low is not None:
                l = lo.get(key)
                if l is None or low[0] > l:
                    lo[key] = low[0]
            continue
        if form is None:
            form = key
        elif key != form:
            return None
        if up is not None and (form_hi is None or up[0] < form_hi):
            form_hi = up[0]
        if low is not None and (form_lo is None or low[0] > form_lo):
            form_lo = low[0]
    if form is None or (form_lo is not None and form_hi is not None and form_lo > form_hi):
        return None
    in_form = {v for v, _ in form}
    if not (in_form.issuperset(lo) and in_form.issuperset(hi)):
        return None  # not one connected group
    if any(v in integers for v, _ in form):
        whole = _whole_steps(form, integers, lo, hi, form_lo, form_hi)
        if whole is None:
            return None
        lo, hi, form_lo, form_hi = whole
    for v, _ in form:
        l, h = lo.get(v), hi.get(v)
        if l is not None and h is not None and l > h:
            return None  # an empty box
    # From here on every value is an int: the ends times a common denominator.
    scale = _common_scale(form, [*lo.values(), *hi.values(), form_lo, form_hi])
    lo = {v: _scaled(e, scale) for v, e in lo.items()}
    hi = {v: _scaled(e, scale) for v, e in hi.items()}
    form_lo, form_hi = _scaled(form_lo, scale), _scaled(form_hi, scale)
    terms = [_term(a, lo.get(v), hi.get(v)) for v, a in form]
    low_sum = _sum(t[0] for t in terms)
    high_sum = _sum(t[1] for t in terms)
    out: dict[str, Interval] = {}
    made: dict[tuple, Interval] = {}  # equal ranges are one Interval (200,000 parts of one sum: one range)
    for (v, a), (t_lo, t_hi) in zip(form, terms):
        # a * v = L - (the other terms): from L's lower end minus the others' upper end, and so on
        others_hi = _minus(high_sum, t_hi)
        others_lo = _minus(low_sum, t_lo)
        below = None if form_lo is None or others_hi is None else _sub(form_lo, others_hi)
        above = None if form_hi is None or others_lo is None else _sub(form_hi, others_lo)
        if a > 0:
            low, high = _divide(below, a), _divide(above, a)
        else:
            low, high = _divide(above, a), _divide(below, a)
        l, h = lo.get(v), hi.get(v)
        if l is not None and (low is None or l > low):
            low = l
        if h is not None and (high is None or h < high):
            high = h
        if low is not None and high is not None and low > high:
            return None  # no common point
        ends = (low, high)
        rng = made.get(ends)
        if rng is None:
            rng = made[ends] = Interval(
                None if low is None else Fraction(low[0], scale),
                None if high is None else Fraction(high[0], scale),
                low is not None and low[1] > 0,
                high is not None and high[1] < 0,
            )
        out[v] = rng
    return out


def _whole_steps(form: tuple, integers: frozenset[str], lo: dict, hi: dict, form_lo, form_hi):
    """The box and the form's ends rounded inward to whole values, when the projection stays
    exact over whole numbers; None when it may not.

    It stays exact when every variable is a count and the counts not pinned to one value
    all have coefficients of one size ``k`` (``total = a + b + c``, ``10 = 2*a + 2*b``): their
    terms then take every multiple of ``k`` between their ends, so the form takes every value
    ``C + k*n`` between its ends (``C`` the pinned terms' sum).  Rounding each box inward to
    whole numbers and the form's ends inward to that lattice, the projection below is the
    projection over whole numbers.
    """
    if not all(v in integers for v, _ in form):
        return None
    # an end already whole is kept as it is (a new pair for each of 200,000 parts: 14 MB more)
    lo = {v: e if type(e[0]) is int and not e[1] else (ceil_delta(e), 0) for v, e in lo.items()}
    hi = {v: e if type(e[0]) is int and not e[1] else (floor_delta(e), 0) for v, e in hi.items()}
    pinned = {v: lo[v][0] for v, _ in form if v in lo and v in hi and lo[v] == hi[v]}
    sizes = {abs(a) for v, a in form if v not in pinned}
    if len(sizes) > 1:
        return None
    k = sizes.pop() if sizes else 1
    c = sum(a * pinned[v] for v, a in form if v in pinned)
    if form_lo is not None:
        form_lo = (c + k * ceil_delta((div(form_lo[0] - c, k), div(form_lo[1], k))), 0)
    if form_hi is not None:
        form_hi = (c + k * floor_delta((div(form_hi[0] - c, k), div(form_hi[1], k))), 0)
    if form_lo is not None and form_hi is not None and form_lo > form_hi:
        return None
    return lo, hi, form_lo, form_hi


def _common_scale(form: tuple, ends: list) -> int:
    """A positive integer that makes every end's value whole, and stays whole divided by any coefficient.

    The common denominator of the values times the coefficients' least common multiple:
    a value found for ``a * x`` is then a whole number times ``scale / a``.
    """
    den = 1
    for e in ends:
        if e is not None and type(e[0]) is not int:
            den = lcm(den, e[0].denominator)
    return den * lcm(*(a for _, a in form))


def _scaled(x: tuple | None, scale: int) -> tuple | None:
    """A delta value times ``scale``, its value part a whole number."""
    if x is None:
        return None
    a, b = x
    if type(a) is int:
        return x if scale == 1 else (a * scale, b * scale)
    return a.numerator * (scale // a.denominator), b * scale


def _term(a: int, low: tuple | None, high: tuple | None) -> tuple:
    """The range ``(lowest, highest)`` of ``a * x`` for ``x`` in ``[low, high]`` (None: unbounded)."""
    if a > 0:
        return _times(low, a), _times(high, a)
    return _times(high, a), _times(low, a)


def _times(x: tuple | None, a: int) -> tuple | None:
    return None if x is None else (x[0] * a, x[1] * a)


def _divide(x: tuple | None, a: int) -> tuple | None:
    """``x / a``: the value part is a multiple of ``a`` (see :func:`_common_scale`)."""
    return None if x is None else (x[0] // a, div(x[1], a))


def _sub(x: tuple, y: tuple) -> tuple:
    return (x[0] - y[0], x[1] - y[1])


def _sum(ends) -> tuple:
    """``(finite sum, how many ends are unbounded)`` of delta values (None: unbounded)."""
    a = b = 0
    unbounded = 0
    for e in ends:
        if e is None:
            unbounded += 1
        else:
            a += e[0]
            b += e[1]
    return (a, b), unbounded


def _minus(total: tuple, end: tuple | None) -> tuple | None:
    """The sum of the other ends: ``total`` without ``end``; None when one of them is unbounded."""
    (a, b), unbounded = total
    if end is None:
        return (a, b) if unbounded == 1 else None
    return (a - end[0], b - end[1]) if unbounded == 0 else None
