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

from .problem import Constraint

UPPER_OPS = frozenset(("<=", "<"))
LOWER_OPS = frozenset((">=", ">"))
STRICT_OPS = frozenset(("<", ">"))

Delta = tuple  # (Fraction|int, Fraction|int)


def canonical(coeffs: tuple[tuple[str, Fraction], ...]) -> tuple[tuple[tuple[str, Fraction], ...], Fraction]:
    """``coeffs = k * L`` with ``L``'s first coefficient 1: returns (L, k)."""
    k = coeffs[0][1]
    if k == 1:
        return coeffs, k
    return tuple((v, c / k) for v, c in coeffs), k


def bounds_of(c: Constraint, k: Fraction) -> tuple[tuple | None, tuple | None]:
    """The (upper, lower) bounds ``c`` puts on its form ``L`` (``lhs = k*L``).

    Each is ``(value: Delta, reason)`` or None.
    """
    op = c.op
    v = c.rhs / k if k != 1 else c.rhs
    if op == "=":
        return ((v, 0), (c, 1 / Fraction(k))), ((v, 0), (c, -1 / Fraction(k)))
    strict = op in STRICT_OPS
    upper = (op in UPPER_OPS) == (k > 0)
    if upper:
        return ((v, -1 if strict else 0), (c, 1 / Fraction(k))), None
    return None, ((v, 1 if strict else 0), (c, -1 / Fraction(k)))


def floor_delta(x: Delta) -> int:
    """The largest integer <= a + b*delta (delta infinitesimal)."""
    a, b = x
    a = Fraction(a)
    n = a.numerator // a.denominator
    if n == a and b < 0:
        return n - 1
    return n


def ceil_delta(x: Delta) -> int:
    """The smallest integer >= a + b*delta (delta infinitesimal)."""
    a, b = x
    a = Fraction(a)
    n = -((-a.numerator) // a.denominator)
    if n == a and b > 0:
        return n + 1
    return n


def is_integral(x: Delta) -> bool:
    a, b = x
    return not b and (type(a) is int or a.denominator == 1)
