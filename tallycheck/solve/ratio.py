"""Whole numbers in a ratio: the two-quantity constraints that rounding produces.

A rounded share or mean of counts, ``yes = 53.83% of total`` or ``score / answers =
4.215``, puts the ratio of two whole numbers in an interval: ``a·T ≤ R ≤ b·T`` (ends
open or closed).  Which whole ``T`` admit a whole ``R`` is a question about fractions
with denominator ``T`` in ``[a, b]``; it has exact answers that no amount of branching
one unit at a time finds quickly (the first ``T`` for 53.83% is 366):

* :func:`first_base` -- the smallest whole ``T >= start`` that admits a whole ``R``;
* :func:`last_base` -- the largest whole ``T <= stop`` that does.

Both walk the continued fractions of the two ends at once (a Euclid-style descent):
shift the interval by its whole part (``R' = R - n·T``), and if ``[a, b]`` then holds
no whole number, swap the roles of ``R'`` and ``T`` (``T`` is in ``[R'/b, R'/a]``) and
solve the same question one level down.  Each level inverts the fractional parts, so
the depth is that of the continued fraction: a few dozen steps for any figure a source
writes.

:func:`whole_part_fits` is the plain check for one ``T`` (used by the certificate
checker, which scans; the search itself jumps with the functions above).
"""

from __future__ import annotations

from fractions import Fraction


def ratio_sides(c, part: str, base: str) -> list[tuple[bool, Fraction, bool]]:
    """What ``c`` (on ``part`` and ``base`` alone, right-hand side 0) says of ``part / base`` for ``base > 0``.

    A list of ``(upper, r, open)``: ``part/base <= r`` (``<`` when open) for an upper
    side, ``>=`` (``>``) for a lower; an equality gives both.  Empty when ``c`` is not
    such a constraint.
    """
    co = dict(c.coeffs)
    if c.op == "!=" or c.rhs != 0 or set(co) != {part, base}:
        return []
    r = -Fraction(co[base]) / Fraction(co[part])
    if c.op == "=":
        return [(True, r, False), (False, r, False)]
    return [((c.op in ("<=", "<")) == (co[part] > 0), r, c.op in ("<", ">"))]


def ratio_interval(constraints, part: str, base: str) -> tuple:
    """The tightest ``(a, a_open, b, b_open)`` the constraints put on ``part / base``; an end is None if none."""
    a = b = None
    a_open = b_open = False
    for c in constraints:
        for upper, r, is_open in ratio_sides(c, part, base):
            if upper:
                if b is None or r < b or (r == b and is_open):
                    b, b_open = r, is_open
            elif a is None or r > a or (r == a and is_open):
                a, a_open = r, is_open
    return a, a_open, b, b_open


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def has_whole(lo: Fraction, lo_open: bool, hi: Fraction | None, hi_open: bool) -> bool:
    """Is there a whole number ``n`` with ``lo (<|<=) n (<|<=) hi``?  ``hi=None`` is no upper end."""
    n = _floor(lo) + 1 if lo_open else _ceil(lo)
    if hi is None:
        return True
    return n < hi or (n == hi and not hi_open)


def whole_part_fits(t: int, a: Fraction, a_open: bool, b: Fraction, b_open: bool) -> bool:
    """Does ``a·t (<|<=) R (<|<=) b·t`` hold for some whole ``R``?"""
    return has_whole(a * t, a_open, b * t, b_open)


def _lowest(x: Fraction, is_open: bool) -> int:
    """The smallest whole number ``n`` with ``n >= x`` (``n > x`` when open)."""
    return _floor(x) + 1 if is_open else _ceil(x)


def _highest(x: Fraction, is_open: bool) -> int:
    """The largest whole number ``n`` with ``n <= x`` (``n < x`` when open)."""
    return _ceil(x) - 1 if is_open else _floor(x)


def first_base(a: Fraction, a_open: bool, b: Fraction, b_open: bool, start: int) -> int | None:
    """The smallest whole ``T >= start`` (``start >= 1``) with a whole ``R`` in ``a·T .. b·T``.

    ``0 <= a <= b``; ``b`` is never None here.  None when no ``T`` ever does (an empty
    interval).  Exact; the loop descends the continued fractions of ``a`` and ``b``.
    """
    a, b = Fraction(a), Fraction(b)
    if a > b or (a == b and (a_open or b_open)):
        return None
    # Each level is a problem "smallest x >= start with a whole y in [lo·x, hi·x]" (hi may be
    # None: no upper end) and, to map its answer back up, the rule giving the level above's
    # answer from it: t = lowest whole >= x / b (or > when open).
    back: list[tuple[Fraction, bool]] = []
    lo, lo_open, hi, hi_open = a, a_open, b, b_open
    x = start
    while True:
        if hi is None or has_whole(lo * x, lo_open, hi * x, hi_open):
            break
        n = _floor(lo)
        lo -= n
        hi -= n
        # now 0 <= lo < 1 and (no whole number at x): hi < 1, or hi == 1 open.  A solution
        # (x', y') needs y' >= 1 and x' > x·hi (x' >= x·hi when hi is open), and its x' is
        # the lowest whole above y'/hi: the same question with the roles swapped.
        nxt = _lowest(x * hi, not hi_open)
        back.append((hi, hi_open))
        lo, lo_open, hi, hi_open = 1 / hi, hi_open, (None if lo == 0 else 1 / lo), lo_open
        x = max(nxt, 1)
    for h, h_open in reversed(back):
        x = _lowest(x / h, h_open)
    return x


def last_base(a: Fraction, a_open: bool, b: Fraction, b_open: bool, stop: int) -> int | None:
    """The largest whole ``T <= stop`` with ``T >= 1`` and a whole ``R`` in ``a·T .. b·T``; None if none.

    ``0 <= a <= b``.  The mirror of :func:`first_base`.
    """
    a, b = Fraction(a), Fraction(b)
    if stop < 1 or a > b or (a == b and (a_open or b_open)):
        return None
    back: list[tuple[Fraction, bool]] = []
    lo, lo_open, hi, hi_open = a, a_open, b, b_open
    x = stop
    while True:
        if hi is None or has_whole(lo * x, lo_open, hi * x, hi_open):
            break
        n = _floor(lo)
        lo -= n
        hi -= n
        if lo == 0:  # y' > 0·x: y' = 1 needs x >= 1/hi; with no whole at x, nothing below x works
            if lo_open:
                return None
            break  # y' = 0 works at x (closed 0): unreachable, has_whole would have said so
        # a solution (x', y') below needs x' < x·lo (x' <= x·lo when lo is open); its x' is
        # the highest whole below y'/lo.
        nxt = _highest(x * lo, not lo_open)
        if nxt < 1:
            return None
        back.append((lo, lo_open))
        lo, lo_open, hi, hi_open = 1 / hi, hi_open, 1 / lo, lo_open
        x = nxt
    for l, l_open in reversed(back):
        x = _highest(x / l, l_open)
    return x
