"""A fast path for building the commonest claims: ``q REL NUMBER``, ``q = P% of base``,
``q in LOW..HIGH``, ``q REL a + b - c``, ``a + b + c REL NUMBER`` (as in most definitions)
and ``a / b REL NUMBER``.

:func:`tallycheck.build.constraints.relation_constraints` is the construction of record; for
these shapes :func:`simple_constraints` writes the same linear constraints directly,
without the interval-linear algebra, or returns ``None`` (then the general construction
runs).  ``tests/pipeline/test_fastbuild.py`` checks the two agree on generated claims.
"""

from __future__ import annotations

from fractions import Fraction

from ..read import syntax as s
from .constraints import BOUNDS, Context, Linear, _read, range_ends
from ..numbers.interval import Interval

ZERO = Fraction(0)
ONE = Fraction(1)
MINUS_ONE = Fraction(-1)
_OPS = frozenset(("=", "!=", "<", "<=", ">", ">="))


def simple_constraints(rel: s.Relation, ctx: Context) -> list[Linear] | None:
    left, right, op = rel.left, rel.right, rel.op
    if op == "in" and type(left) is s.Ref and type(right) is s.Bounds:
        return _within(left, right, ctx)
    if op not in _OPS:
        return None
    if type(left) is not s.Ref:
        if type(left) is s.BinOp and type(right) is s.Number:
            return _ratio(left, op, right, ctx) if left.op == "/" else _total(left, op, right, ctx)
        return None
    if type(right) is s.Number:
        return _bound(left, op, right, ctx)
    if type(right) is s.BinOp or type(right) is s.Ref:
        return _sum_of_refs(left, op, right, ctx)
    if type(right) is s.ShareOf and op == "=" and type(right.base) is s.Ref and type(right.share) is s.Number:
        return _share(left, right, ctx)
    return None


def _bound(ref: s.Ref, op: str, num: s.Number, ctx: Context) -> list[Linear]:
    """``x op I`` for the reading's interval I = [lo, hi] (ends possibly open or missing)."""
    x = ctx.variable(ref)
    return _form_bound(((x, ONE),), op, _read(num, ctx, op in BOUNDS).interval)


def _total(left: s.BinOp, op: str, num: s.Number, ctx: Context) -> list[Linear] | None:
    """``a + b - c op I``"""
    coeffs: dict[str, int] = {}
    if not _add_refs(left, 1, coeffs, ctx):
        return None
    return _form_bound(_form(coeffs), op, _read(num, ctx, op in BOUNDS).interval)


def _within(ref: s.Ref, bounds: s.Bounds, ctx: Context) -> list[Linear]:
    """``x in LOW..HIGH``: from the low number (as written) to the high number (as written)."""
    iv = range_ends(bounds, ctx)
    x = ctx.variable(ref)
    return _form_bound(((x, ONE),), "=", iv)


def _form_bound(form, op: str, iv: Interval) -> list[Linear]:
    """``form op I`` (exact coefficients) as the general construction writes it."""
    if iv.exact and op in ("=", "!="):
        return [(form, op, iv.low)]
    if op == "!=":
        return []
    out: list[Linear] = []
    if op in ("=", "<=", "<") and iv.high is not None:
        out.append((form, "<" if (op == "<" or iv.high_open) else "<=", iv.high))
    if op in ("=", ">=", ">") and iv.low is not None:
        out.append((form, ">" if (op == ">" or iv.low_open) else ">=", iv.low))
    return out


def _share(ref: s.Ref, share: s.ShareOf, ctx: Context) -> list[Linear] | None:
    """``x = P of y``: P·y bounds x, presupposing y > 0."""
    x = ctx.variable(ref)
    readings_before = len(ctx.readings)
    iv = _read(share.share, ctx).interval
    y = ctx.variable(share.base)
    if (x == y or ctx.is_real(x) or ctx.is_real(y)
            or iv.low is None or iv.high is None or iv.low_open or iv.high_open):
        del ctx.readings[readings_before:]
        return None
    a, b = iv.low, iv.high
    if a == b:
        form = tuple(sorted(((x, ONE), (y, -a)))) if a != 0 else ((x, ONE),)
        return [(form, "=", ZERO), (((y, ONE),), ">", ZERO)]
    low_form = tuple(sorted(t for t in ((x, ONE), (y, -b)) if t[1] != 0))
    high_form = tuple(sorted(t for t in ((x, ONE), (y, -a)) if t[1] != 0))
    return [(low_form, "<=", ZERO), (high_form, ">=", ZERO), (((y, ONE),), ">", ZERO)]


def _ratio(ratio: s.BinOp, op: str, num: s.Number, ctx: Context) -> list[Linear] | None:
    """``a / b op R``: ``a op R·b`` for R in the reading's interval [lo, hi], presupposing b > 0
    (``a - hi·b <= 0`` and ``a - lo·b >= 0`` for ``=``)."""
    if type(ratio.left) is not s.Ref or type(ratio.right) is not s.Ref:
        return None
    a = ctx.variable(ratio.left)
    b = ctx.variable(ratio.right)
    readings_before = len(ctx.readings)
    iv = _read(num, ctx, op in BOUNDS).interval
    if (a == b or ctx.is_real(a) or ctx.is_real(b)
            or iv.low is None or iv.high is None or iv.low_open or iv.high_open or iv.low > iv.high):
        del ctx.readings[readings_before:]
        return None
    lo, hi = iv.low, iv.high
    low_form = tuple(sorted(t for t in ((a, ONE), (b, -hi)) if t[1] != 0))
    high_form = tuple(sorted(t for t in ((a, ONE), (b, -lo)) if t[1] != 0))
    positive = (((b, ONE),), ">", ZERO)
    if lo == hi and op in ("=", "!="):
        return [(low_form, op, ZERO), positive]
    out: list[Linear] = []
    if op in ("=", "<=", "<"):
        out.append((low_form, op if op != "=" else "<=", ZERO))
    if op in ("=", ">=", ">"):
        out.append((high_form, op if op != "=" else ">=", ZERO))
    return out + [positive]  # "!=" of a rounded ratio: nothing to check but b > 0


def _sum_of_refs(left: s.Ref, op: str, right, ctx: Context) -> list[Linear] | None:
    """``x op a + b - c``: exact coefficients, no constant."""
    coeffs: dict[str, int] = {}
    if not _add_refs(left, 1, coeffs, ctx) or not _add_refs(right, -1, coeffs, ctx):
        return None
    return [(_form(coeffs), op, ZERO)]


def _add_refs(expr, sign: int, coeffs: dict[str, int], ctx: Context) -> bool:
    """Add ``sign`` times each quantity of a sum of quantities to ``coeffs`` (whole numbers)."""
    if type(expr) is s.Ref:
        v = ctx.variable(expr)
        coeffs[v] = coeffs.get(v, 0) + sign
        return True
    if type(expr) is s.BinOp and expr.op in ("+", "-"):
        return _add_refs(expr.left, sign, coeffs, ctx) and _add_refs(
            expr.right, sign if expr.op == "+" else -sign, coeffs, ctx
        )
    return False


def _form(coeffs: dict[str, int]) -> tuple[tuple[str, Fraction], ...]:
    """Whole coefficients as a constraint's sorted terms (``Fraction``s; none zero)."""
    return tuple(sorted((v, _WHOLE.get(c) or Fraction(c)) for v, c in coeffs.items() if c))


_WHOLE = {1: ONE, -1: MINUS_ONE}  # the commonest coefficients, made once
