"""Exact number helpers: the solver computes with ``int`` where it can and ``Fraction`` where it must.

Integers are much faster than fractions, and most editorial figures are whole,
so values are kept as ``int`` whenever they are integral.  The one trap is
``int / int``, which gives a float: every division in the solver goes through
:func:`div`.
"""

from __future__ import annotations

from fractions import Fraction


def norm(x):
    """An integral Fraction as int; anything else unchanged."""
    if type(x) is Fraction and x.denominator == 1:
        return x.numerator
    return x


def div(a, b):
    """Exact ``a / b`` (never a float), integral results as int."""
    if type(a) is int and type(b) is int:
        if a % b == 0:
            return a // b
        return Fraction(a, b)
    q = Fraction(a) / b if type(a) is int else a / b
    if q.denominator == 1:
        return q.numerator
    return q


def inverse(a):
    """``1 / a``, exact."""
    if a == 1 or a == -1:
        return int(a)
    return div(1, a)
