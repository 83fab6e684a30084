"""Fast paths for the common small shapes: no simplex needed.

* constraints without variables (``0 op rhs``);
* groups whose constraints each have one variable, all the same one (the caller
  checks: a component may be one by its claims, not its variables): interval
  intersection, plus integrality (an interval with no integer inside) and a few
  excluded points (``!=``).

Each returns ``(True, model)``, ``(False, certificate)`` or ``None`` when the
shape is not simple enough (the caller then runs the general search).
"""

from __future__ import annotations

from fractions import Fraction

from ..numbers.interval import Interval
from .certificates import ASSUMPTION, Branch, Split, build_farkas
from .num import div
from .linear import ceil_delta, floor_delta, prep
from .problem import Constraint, relation_holds

ONE = Fraction(1)
_LESS = frozenset(("<=", "<", "="))


def constant_constraint(c: Constraint) -> tuple[bool, object]:
    """``0 op rhs``."""
    if relation_holds(0, c.op, c.rhs):
        return True, {}
    if c.op == "!=":
        lt = Constraint((), "<", c.rhs, c.label)
        gt = Constraint((), ">", c.rhs, c.label)
        return False, Split(c, build_farkas([((lt, ONE), ONE)]), build_farkas([((gt, -ONE), ONE)]))
    return False, build_farkas([((c, ONE if c.op in _LESS else -ONE), ONE)])


def interval_of(lo, hi) -> Interval:
    return Interval(
        None if lo is None else Fraction(lo[0]),
        None if hi is None else Fraction(hi[0]),
        lo is not None and lo[1] > 0,
        hi is not None and hi[1] < 0,
    )


def single_variable(cons: list[Constraint], integer: bool):
    """All constraints on one variable."""
    lo = hi = None  # (delta value, reason)
    excluded = []
    for c in cons:
        _, rhs, _, k, up, low = prep(c)
        if c.op == "!=":
            excluded.append(div(rhs, k))
            continue
        if up is not None and (hi is None or up[0] < hi[0]):
            hi = up
        if low is not None and (lo is None or low[0] > lo[0]):
            lo = low
    name = cons[0].coeffs[0][0]
    if lo is not None and hi is not None and lo[0] > hi[0]:
        return False, build_farkas([(lo[1], ONE), (hi[1], ONE)])
    if integer:
        a = None if lo is None else ceil_delta(lo[0])
        b = None if hi is None else floor_delta(hi[0])
        if a is not None and b is not None and a > b:
            below = Constraint(((name, ONE),), "<=", Fraction(b), ASSUMPTION)
            above = Constraint(((name, ONE),), ">=", Fraction(b + 1), ASSUMPTION)
            return False, Branch(
                name,
                interval_of(lo[0], hi[0]),
                build_farkas([(lo[1], ONE), ((below, ONE), ONE)]),
                build_farkas([(hi[1], ONE), ((above, -ONE), ONE)]),
                b,
            )
        value = _pick_integer(a, b, excluded)
    else:
        value = _pick_rational(lo, hi, excluded)
    if value is None:
        return None
    return True, {name: Fraction(value)}


def _pick_integer(a: int | None, b: int | None, excluded: list) -> int | None:
    if a is not None and a > 0:
        v = a
    elif b is not None and b < 0:
        v = b
    else:
        v = 0
    if not excluded:
        return v
    for step in range(len(excluded) + 1):
        for cand in (v + step, v - step):
            if (a is None or cand >= a) and (b is None or cand <= b) and cand not in excluded:
                return cand
    return None


def _pick_rational(lo, hi, excluded: list) -> Fraction | None:
    cands = [Fraction(0)]
    if lo is not None:
        la = Fraction(lo[0][0])
        cands.append(la)
        cands.append(la + 1)
        if hi is not None:
            cands.append((la + hi[0][0]) / 2)
    if hi is not None:
        ha = Fraction(hi[0][0])
        cands.append(ha)
        cands.append(ha - 1)
    for v in cands:
        if (lo is None or (v, 0) >= lo[0]) and (hi is None or (v, 0) <= hi[0]) and v not in excluded:
            return v
    return None

