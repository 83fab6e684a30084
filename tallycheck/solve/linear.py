"""Linear forms and the bounds a constraint puts on them.

A constraint ``lhs op rhs`` with ``lhs = k * L`` (``L`` a canonical linear form
whose first coefficient is 1) bounds ``L``.  Bound values are *delta-rationals*
``(a, b)`` meaning ``a + b*delta`` for an infinitesimal ``delta > 0`` (strict
bounds: ``L < u`` is ``L <= (u, -1)``), compared lexicographically -- Python
tuples compare exactly like that.

The *reason* of a bound is ``(constraint, factor)``: the bound's contribution
``L - u <= 0`` (upper) or ``l - L <= 0`` (lower) equals
``factor * (lhs - rhs)``; :func:`tallycheck.solve.certificates.build_farkas`
turns weighted reasons into a certificate.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from .num import div, inverse, norm
from .problem import Constraint

UPPER_OPS = frozenset(("<=", "<"))
LOWER_OPS = frozenset((">=", ">"))
STRICT_OPS = frozenset(("<", ">"))

Delta = tuple  # (Fraction|int, Fraction|int)


def canonical(coeffs: tuple[tuple[str, Fraction], ...]) -> tuple[tuple[tuple[str, int], ...], Fraction]:
    """``coeffs = k * L`` with ``L`` a primitive integer form, first coefficient positive: returns (L, k).

    Proportional constraints share one form (one slack in the simplex), and
    integer forms keep the arithmetic in ``int`` as long as possible.
    """
    form, num, den = _canonical(coeffs)
    return form, div(num, den)


def _canonical(coeffs: tuple[tuple[str, Fraction | int], ...]) -> tuple[tuple[tuple[str, int], ...], int, int]:
    """:func:`canonical` with ``k`` as ``num / den`` (integers, ``den > 0``): ``coeffs = num/den * L``.

    Worked out on numerators and denominators (``int``), without Fraction arithmetic.
    """
    parts = [(a, 1) if type(a) is int else (a.numerator, a.denominator) for _, a in coeffs]
    den = 1
    for _, d in parts:
        if d != 1:
            den = den * d // gcd(den, d)
    num = 0
    for n, d in parts:
        num = gcd(num, n * (den // d))
    if parts[0][0] < 0:
        num = -num
    if den == 1 and num == 1:
        return coeffs, 1, 1
    return tuple((v, n * (den // d) // num) for (v, _), (n, d) in zip(coeffs, parts)), num, den


def bounds_of(c: Constraint, k: Fraction) -> tuple[tuple | None, tuple | None]:
    """The (upper, lower) bounds ``c`` puts on its form ``L`` (``lhs = k*L``).

    Each is ``(value: Delta, reason)`` or None.
    """
    k = norm(k)
    rhs = norm(c.rhs)
    if k == 1:
        return _bounds(c, rhs, 1, True)
    return _bounds(c, div(rhs, k), inverse(k), k > 0)


def _bounds(c: Constraint, value, f, positive: bool) -> tuple[tuple | None, tuple | None]:
    """:func:`bounds_of` from ``value = rhs / k``, ``f = 1 / k`` and the sign of ``k``."""
    op = c.op
    if op == "=":
        return ((value, 0), (c, f)), ((value, 0), (c, -f))
    if (op in UPPER_OPS) == positive:
        return ((value, -1 if op in STRICT_OPS else 0), (c, f)), None
    return None, ((value, 1 if op in STRICT_OPS else 0), (c, -f))


def prep(c: Constraint) -> tuple:
    """What the solver needs of a constraint, computed once and cached on it.

    ``(coeffs, rhs, key, k, upper, lower)``: coefficients and right-hand side
    with integral values as ``int`` (fast arithmetic); ``key`` the variable
    (one variable), the canonical form ``L`` (several; ``lhs = k*L``) or None;
    the bounds on ``key`` as from :func:`bounds_of` (None for ``!=``).
    """
    d = c.__dict__
    p = d.get("_prep")
    if p is None:
        p = d["_prep"] = _prepare(c)
    return p


def forget(constraints) -> None:
    """Let go what :func:`prep` cached on the constraints of a problem solved.  The cache
    names its constraint (a bound's reason), a reference cycle: without this the constraints
    outlive their problem until the cyclic collector walks them (750,000 objects a shard of
    75,000 claims)."""
    for c in constraints:
        c.__dict__.pop("_prep", None)


def prep_once(c: Constraint) -> tuple:
    """:func:`prep` without caching it, for a pass that may be the only one (the box of
    :mod:`.box` answers most big components in one pass: the 200,000 constraints of a long
    sum's parts kept 95 MB of cache that nothing read again)."""
    p = c.__dict__.get("_prep")
    return _prepare(c) if p is None else p


def _prepare(c: Constraint) -> tuple:
    """:func:`prep`, computed.  One variable is by far the commonest case: it goes first."""
    coeffs = c.coeffs
    rhs = c.rhs
    if type(rhs) is Fraction and rhs.denominator == 1:
        rhs = rhs.numerator
    if len(coeffs) == 1:
        key, k = coeffs[0]
        if type(k) is Fraction and k.denominator == 1:
            k = k.numerator
        co = ((key, k),)
        if c.op == "!=":
            return co, rhs, key, k, None, None
        if k == 1:
            up, low = _bounds(c, rhs, 1, True)
        else:
            up, low = _bounds(c, div(rhs, k), inverse(k), k > 0)
        return co, rhs, key, k, up, low
    if not coeffs:
        return (), rhs, None, 1, None, None
    co = tuple((v, norm(a)) for v, a in coeffs)
    key, num, den = _canonical(co)
    k = div(num, den)
    if c.op == "!=":
        return co, rhs, key, k, None, None
    # value = rhs / k and f = 1 / k, from num and den
    up, low = _bounds(c, div(rhs * den, num), div(den, num), num > 0)
    return co, rhs, key, k, up, low


def floor_delta(x: Delta) -> int:
    """The largest integer <= a + b*delta (delta infinitesimal)."""
    a, b = x
    if type(a) is int:
        return a - 1 if b < 0 else a
    n = a.numerator // a.denominator
    if n == a and b < 0:
        return n - 1
    return n


def ceil_delta(x: Delta) -> int:
    """The smallest integer >= a + b*delta (delta infinitesimal)."""
    a, b = x
    if type(a) is int:
        return a + 1 if b > 0 else a
    n = -((-a.numerator) // a.denominator)
    if n == a and b > 0:
        return n + 1
    return n


def is_integral(x: Delta) -> bool:
    a, b = x
    return not b and (type(a) is int or a.denominator == 1)
