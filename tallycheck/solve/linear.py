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
    den = 1
    for _, a in coeffs:
        if type(a) is not int:
            d = a.denominator
            if d != 1:
                den = den * d // gcd(den, d)
    num = 0
    for _, a in coeffs:
        num = gcd(num, a.numerator * (den // a.denominator))
    if coeffs[0][1] < 0:
        num = -num
    if den == 1 and num == 1:
        return coeffs, 1
    k = div(num, den)
    return tuple((v, (a.numerator * (den // a.denominator)) // num) for v, a in coeffs), k


def bounds_of(c: Constraint, k: Fraction) -> tuple[tuple | None, tuple | None]:
    """The (upper, lower) bounds ``c`` puts on its form ``L`` (``lhs = k*L``).

    Each is ``(value: Delta, reason)`` or None.
    """
    op = c.op
    v = norm(c.rhs) if k == 1 else div(c.rhs, k)
    f = inverse(k)
    if op == "=":
        return ((v, 0), (c, f)), ((v, 0), (c, -f))
    strict = op in STRICT_OPS
    upper = (op in UPPER_OPS) == (k > 0)
    if upper:
        return ((v, -1 if strict else 0), (c, f)), None
    return None, ((v, 1 if strict else 0), (c, -f))


def prep(c: Constraint) -> tuple:
    """What the solver needs of a constraint, computed once and cached on it.

    ``(coeffs, rhs, key, k, upper, lower)``: coefficients and right-hand side
    with integral values as ``int`` (fast arithmetic); ``key`` the variable
    (one variable), the canonical form ``L`` (several; ``lhs = k*L``) or None;
    the bounds on ``key`` as from :func:`bounds_of` (None for ``!=``).
    """
    d = c.__dict__
    p = d.get("_prep")
    if p is not None:
        return p
    co = tuple((v, norm(a)) for v, a in c.coeffs)
    rhs = norm(c.rhs)
    up = low = None
    if not co:
        key, k = None, 1
    else:
        if len(co) == 1:
            key, k = co[0]
        else:
            key, k = canonical(co)
        if c.op != "!=":
            up, low = bounds_of(c, k)
    p = (co, rhs, key, k, up, low)
    d["_prep"] = p
    return p


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
