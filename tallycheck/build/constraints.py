"""Where a constraint is built: one relation -> linear constraints over quantities.

An expression evaluates to an *interval-linear form*: a sum of quantities with
coefficients known up to an interval (a rounded ``42.7%`` is [0.4265, 0.4275]) plus
a constant interval.  Because quantities other than ``real`` ones are non-negative,
``E REL F`` has an exact linear meaning: there are values of the written numbers,
each within its interval, that make the relation hold.  For D = E - F with
coefficient intervals [lo_v, hi_v] and constant [k_lo, k_hi]:

    E = F   <=>  sum lo_v*x_v + k_lo <= 0  and  sum hi_v*x_v + k_hi >= 0
    E <= F  <=>  sum lo_v*x_v + k_lo <= 0          (strict when the end is open)
    E >= F  <=>  sum hi_v*x_v + k_hi >= 0

Errors are raised as :class:`BuildError` with a location; the build stage turns
them into diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Callable

from ..read import syntax as s
from ..diagnostics import Location
from ..numbers.interval import Interval
from ..numbers import NumberError, Reading

ZERO = Fraction(0)


class BuildError(Exception):
    def __init__(self, message: str, loc: Location):
        super().__init__(message)
        self.message = message
        self.loc = loc


@dataclass
class Affine:
    terms: dict[str, tuple[Fraction, Fraction]]  # quantity -> coefficient interval [lo, hi]
    const: Interval

    @property
    def constant(self) -> bool:
        return not self.terms

    def plus(self, other: "Affine") -> "Affine":
        terms = dict(self.terms)
        for v, (lo, hi) in other.terms.items():
            a, b = terms.get(v, (ZERO, ZERO))
            terms[v] = (a + lo, b + hi)
        return Affine({v: c for v, c in terms.items() if c != (ZERO, ZERO)}, _add(self.const, other.const))

    def times(self, lo: Fraction, hi: Fraction) -> "Affine":
        """Multiply by a constant known to lie in the closed interval [lo, hi]."""
        if lo == hi:
            terms = {v: _sorted(a * lo, b * lo) for v, (a, b) in self.terms.items()}
            return Affine({v: c for v, c in terms.items() if c != (ZERO, ZERO)}, self.const.scale(lo))
        terms = {v: _product(a, b, lo, hi) for v, (a, b) in self.terms.items()}
        c = self.const
        if c.low is None or c.high is None or c.low_open or c.high_open:
            raise ValueError("open-ended")
        const = Interval(*_product(c.low, c.high, lo, hi))
        return Affine(terms, const)


def _sorted(a: Fraction, b: Fraction) -> tuple[Fraction, Fraction]:
    return (a, b) if a <= b else (b, a)


def _product(a: Fraction, b: Fraction, c: Fraction, d: Fraction) -> tuple[Fraction, Fraction]:
    p = (a * c, a * d, b * c, b * d)
    return min(p), max(p)


def _add(x: Interval, y: Interval) -> Interval:
    lo = None if x.low is None or y.low is None else x.low + y.low
    hi = None if x.high is None or y.high is None else x.high + y.high
    return Interval(lo, hi, x.low_open or y.low_open, x.high_open or y.high_open)


# A linear constraint as the solver takes it: coefficients, op, right-hand side.
Linear = tuple[tuple[tuple[str, Fraction], ...], str, Fraction]


@dataclass
class Context:
    """What building needs from the rest of the model."""

    read: Callable[[s.Number], Reading]  # the one number reader, with the file's options
    variable: Callable[[s.Ref], str]  # the solver variable a reference names (dates for cumulative)
    expand_sum: Callable[[s.SumOf], list[s.Ref]]
    is_real: Callable[[str], bool]
    approximate: Fraction
    readings: list[Reading]  # every reading used, for explanations
    exact_numbers: bool = False  # a definition: numbers mean exactly what they say (``100%`` is 1)


def evaluate(expr, ctx: Context, presupposed: list[tuple[Affine, Location]], written: bool = False) -> Affine:
    """An expression as an interval-linear form.  ``X% of Y`` adds ``Y > 0`` to ``presupposed``.

    ``written``: the expression is a side of a bound (``<``, ``>=``, ``!=`` …), where each
    figure is its written value, its rounding not applied (docs/language.md).
    """
    if isinstance(expr, s.Number):
        r = _read(expr, ctx, written)
        return Affine({}, r.interval)
    if isinstance(expr, s.Ref):
        return Affine({ctx.variable(expr): (Fraction(1), Fraction(1))}, Interval.point(0))
    if isinstance(expr, s.SumOf):
        refs = ctx.expand_sum(expr)
        if not refs:
            raise BuildError(f"sum({expr.prefix}.*) names no quantity: none is written under {expr.prefix}.", expr.loc)
        # one dict for every term (adding them one by one copied a growing dict per term)
        terms: dict[str, tuple[Fraction, Fraction]] = {}
        for ref in refs:
            v = ctx.variable(ref)
            a, b = terms.get(v, (ZERO, ZERO))
            terms[v] = (a + 1, b + 1)
        return Affine(terms, Interval.point(0))
    if isinstance(expr, s.Neg):
        return evaluate(expr.operand, ctx, presupposed, written).times(Fraction(-1), Fraction(-1))
    if isinstance(expr, s.ShareOf):
        share = _read(expr.share, ctx, written)
        base = evaluate(expr.base, ctx, presupposed, written)
        if not base.constant:
            presupposed.append((base, expr.share.loc))
        return _scale(base, share.interval, expr.share.loc, ctx)
    if isinstance(expr, s.BinOp):
        left = evaluate(expr.left, ctx, presupposed, written)
        right = evaluate(expr.right, ctx, presupposed, written)
        if expr.op == "+":
            return left.plus(right)
        if expr.op == "-":
            return left.plus(right.times(Fraction(-1), Fraction(-1)))
        loc = _loc_of(expr)
        if expr.op == "*":
            if right.constant:
                return _scale(left, right.const, loc, ctx)
            if left.constant:
                return _scale(right, left.const, loc, ctx)
            raise BuildError("a product of two quantities is not linear; tallycheck checks sums, shares and ratios", loc)
        if expr.op == "/":
            if not right.constant:
                raise BuildError(
                    "dividing by a quantity is only allowed as a whole side: `a / b = 7.22`", _loc_of(expr.right)
                )
            c = right.const
            if c.low is None or c.high is None or c.low_open or c.high_open or (c.low <= 0 <= c.high):
                raise BuildError("cannot divide by a number that may be zero or is open-ended", _loc_of(expr.right))
            return _scale(left, Interval(1 / c.high, 1 / c.low), loc, ctx)
    raise BuildError("cannot read this expression", _loc_of(expr))


def _scale(form: Affine, by: Interval, loc: Location, ctx: Context) -> Affine:
    if form.constant and by.exact:
        return Affine({}, form.const.scale(by.low))  # type: ignore[arg-type]
    if by.low is None or by.high is None or by.low_open or by.high_open:
        raise BuildError("an open-ended number (such as `more than 5`) cannot multiply another value", loc)
    if by.low != by.high:
        for v in form.terms:
            if ctx.is_real(v):
                raise BuildError(
                    f"a rounded factor times `{v}`, a real that may be negative, is not linear; "
                    "write the factor exactly or declare the quantity `amount`",
                    loc,
                )
    try:
        return form.times(by.low, by.high)
    except ValueError:
        raise BuildError("an open-ended number cannot be multiplied by a rounded one", loc) from None


def _read(num: s.Number, ctx: Context, written: bool = False) -> Reading:
    """The reading of a number (its rounding not applied where ``written``, or in a definition)."""
    try:
        r = ctx.read(num)
    except NumberError as e:
        start = getattr(e, "start", 0) or 0
        loc = Location(num.loc.file, num.loc.line, num.loc.column + start, num.loc.end_column)
        raise BuildError(f"cannot read {num.text!r} as a number: {e}", loc) from None
    if r.rounded and (written or ctx.exact_numbers):
        # a number in a definition is an axiom, not a report (``100%`` is exactly 1); a bound
        # means the figure it states.  A qualified figure (``about 200``) or a range keeps its meaning.
        r = r.as_written()
        if ctx.exact_numbers:
            r = replace(r, rule="exact: a number in a definition is taken as written")
    ctx.readings.append(r)
    return r


BOUNDS = frozenset(("<", "<=", ">", ">=", "!="))  # where a figure is its written value


def range_ends(bounds: s.Bounds, ctx: Context) -> Interval:
    """``A..B``: from A to B, each end as written; a range that runs downwards is an error."""
    lo, hi = _read(bounds.low, ctx, True).interval, _read(bounds.high, ctx, True).interval
    if lo.low is not None and hi.high is not None and lo.low > hi.high:
        raise BuildError(
            f"the range {bounds.low.text}..{bounds.high.text} runs downwards: its first end is above its "
            f"second; write the lower end first ({bounds.high.text}..{bounds.low.text})",
            bounds.low.loc,
        )
    return Interval(lo.low, hi.high, lo.low_open, hi.high_open)


def _loc_of(expr) -> Location:
    if isinstance(expr, (s.Number, s.Ref, s.SumOf)):
        return expr.loc
    if isinstance(expr, s.BinOp):
        return _loc_of(expr.left)
    if isinstance(expr, s.Neg):
        return _loc_of(expr.operand)
    if isinstance(expr, s.ShareOf):
        return expr.share.loc
    if isinstance(expr, s.Bounds):
        return expr.low.loc
    raise TypeError(expr)


def relation_constraints(rel: s.Relation, ctx: Context) -> list[Linear]:
    """The linear constraints that say ``rel`` holds (with its presuppositions)."""
    presupposed: list[tuple[Affine, Location]] = []
    left_expr, right_expr, op = rel.left, rel.right, rel.op
    written = op in BOUNDS
    if op == "in":
        assert isinstance(right_expr, s.Bounds)
        right = Affine({}, range_ends(right_expr, ctx))
        left = evaluate(left_expr, ctx, presupposed)
        op = "="
    elif op == "~" and isinstance(right_expr, s.Number):
        left = evaluate(left_expr, ctx, presupposed)
        about = s.Number("about " + right_expr.text, right_expr.loc)
        right = evaluate(about, ctx, presupposed)
        op = "="
    else:
        # a ratio as a whole side: A / B REL r  ->  A REL r*B, presupposing B > 0
        if _is_ratio(left_expr) or _is_ratio(right_expr):
            if _is_ratio(right_expr):
                left_expr, right_expr, op = right_expr, left_expr, _FLIP[op]
            num = evaluate(left_expr.left, ctx, presupposed, written)
            den = evaluate(left_expr.right, ctx, presupposed, written)
            presupposed.append((den, _loc_of(left_expr.right)))
            other = evaluate(right_expr, ctx, presupposed, written)
            if not other.constant:
                raise BuildError(
                    "a ratio of quantities can only be compared with a number: `a / b = 7.22`", _loc_of(right_expr)
                )
            left, right = num, _scale(den, other.const, _loc_of(right_expr), ctx)
        else:
            left = evaluate(left_expr, ctx, presupposed, written)
            right = evaluate(right_expr, ctx, presupposed, written)
    out: list[Linear] = []
    if op == "~":
        t = ctx.approximate
        # E ~ F: (1 - t) F <= E <= (1 + t) F, F non-negative
        out += _compare(left.plus(right.times(-(1 - t), -(1 - t))), ">=", ctx, _loc_of(rel.left))
        out += _compare(left.plus(right.times(-(1 + t), -(1 + t))), "<=", ctx, _loc_of(rel.left))
    else:
        diff = left.plus(right.times(Fraction(-1), Fraction(-1)))
        out += _compare(diff, op, ctx, _loc_of(rel.left))
    for base, loc in presupposed:
        out += _compare(base, ">", ctx, loc)
    return out


_FLIP = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=", "~": "~"}


def _is_ratio(expr) -> bool:
    return isinstance(expr, s.BinOp) and expr.op == "/" and _has_quantity(expr.right)


def _has_quantity(expr) -> bool:
    if isinstance(expr, (s.Ref, s.SumOf)):
        return True
    if isinstance(expr, s.BinOp):
        return _has_quantity(expr.left) or _has_quantity(expr.right)
    if isinstance(expr, s.Neg):
        return _has_quantity(expr.operand)
    if isinstance(expr, s.ShareOf):
        return _has_quantity(expr.base)
    return False


def _compare(diff: Affine, op: str, ctx: Context, loc: Location) -> list[Linear]:
    """Constraints for ``diff op 0`` where diff's coefficients and constant are intervals."""
    for v, (lo, hi) in diff.terms.items():
        if lo != hi and ctx.is_real(v):
            raise BuildError(f"a rounded coefficient of `{v}`, a real that may be negative, is not linear", loc)
    k = diff.const
    low_form = tuple(sorted((v, lo) for v, (lo, hi) in diff.terms.items() if lo != 0))
    high_form = tuple(sorted((v, hi) for v, (lo, hi) in diff.terms.items() if hi != 0))
    out: list[Linear] = []
    exact = k.exact and all(lo == hi for lo, hi in diff.terms.values())
    if exact and op in ("=", "!="):
        return [(low_form, op, -k.low)]  # type: ignore[operator]
    if op == "!=":
        return []  # a rounded difference can always avoid one value: nothing to check
    if op in ("=", "<=", "<") and k.low is not None:
        strict = op == "<" or k.low_open
        out.append((low_form, "<" if strict else "<=", -k.low))
    if op in ("=", ">=", ">") and k.high is not None:
        strict = op == ">" or k.high_open
        out.append((high_form, ">" if strict else ">=", -k.high))
    return out
