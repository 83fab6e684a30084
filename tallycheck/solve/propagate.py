"""Fast path for the most common editorial shape: figures pinned by claims.

A variable whose lower and upper bounds meet is *fixed*; substituting fixed
variables into a constraint leaves it with fewer variables.  Repeat until
nothing changes: if every constraint is then down to at most one unfixed
variable, the component is a set of independent intervals -- no simplex
needed.  ``total = a + b + c`` with all four figures claimed, ``y`` within a
rounded percentage of a claimed base, a mean over a claimed number of answers
all end here.

Every derived bound keeps its reasons -- the original constraint plus the
bounds that fixed the substituted variables -- so conflicts come out as the
same Farkas / Branch / Split certificates as from the simplex.  When some
constraint keeps two or more unfixed variables (or a ``!=`` cannot simply be
avoided), :func:`propagate` returns None and the caller runs the general
search.
"""

from __future__ import annotations

from fractions import Fraction

from .certificates import ASSUMPTION, Branch, Split, build_farkas
from .linear import bounds_of, ceil_delta, floor_delta
from .problem import Constraint, relation_holds
from .single import _pick_integer, _pick_rational, interval_of

ONE = Fraction(1)
_LESS = frozenset(("<=", "<", "="))


class _Stop(Exception):
    """A certificate was found."""

    def __init__(self, cert) -> None:
        self.cert = cert


def propagate(cons: list[Constraint], integers: frozenset[str]):
    """(True, model) | (False, certificate) | None (shape not handled)."""
    lo: dict[str, tuple] = {}  # var -> (delta, reasons)
    hi: dict[str, tuple] = {}
    multi: list[Constraint] = []
    excluded: dict[str, list] = {}
    try:
        for c in cons:
            co = c.coeffs
            if len(co) != 1:
                multi.append(c)
                continue
            if c.op == "!=":
                multi.append(c)  # handled with the multi-variable ones (exclusions)
                continue
            name, k = co[0]
            up, low = bounds_of(c, k)
            if up is not None:
                _tighten(hi, lo, name, up[0], [(up[1], ONE)], True)
            if low is not None:
                _tighten(lo, hi, name, low[0], [(low[1], ONE)], False)
        pending = multi
        while True:
            rest = []
            progress = False
            for c in pending:
                free = None
                nfree = 0
                for v, _ in c.coeffs:
                    l = lo.get(v)
                    if l is None or l[0][1]:
                        nfree += 1
                        free = v
                        if nfree > 1:
                            break
                        continue
                    h = hi.get(v)
                    if h is None or h[0] != l[0]:
                        nfree += 1
                        free = v
                        if nfree > 1:
                            break
                if nfree > 1:
                    rest.append(c)
                    continue
                progress = True
                _substitute(c, free, lo, hi, excluded)
            if not rest:
                break
            if not progress:
                return None
            pending = rest
        # every constraint is now on one variable: intervals
        names = sorted({v for c in cons for v, _ in c.coeffs})
        model: dict[str, Fraction] = {}
        for name in names:
            l = lo.get(name)
            h = hi.get(name)
            if name in integers:
                a = None if l is None else ceil_delta(l[0])
                b = None if h is None else floor_delta(h[0])
                if a is not None and b is not None and a > b:
                    below = Constraint(((name, ONE),), "<=", Fraction(b), ASSUMPTION)
                    above = Constraint(((name, ONE),), ">=", Fraction(b + 1), ASSUMPTION)
                    return False, Branch(
                        name,
                        interval_of(l[0], h[0]),
                        build_farkas(l[1] + [((below, ONE), ONE)]),
                        build_farkas(h[1] + [((above, -ONE), ONE)]),
                        b,
                    )
                value = _pick_integer(a, b, excluded.get(name, ()))
            else:
                value = _pick_rational(l, h, excluded.get(name, ()))
            if value is None:
                return None
            model[name] = Fraction(value)
        return True, model
    except _Stop as stop:
        return False, stop.cert


def _tighten(side: dict, other: dict, name: str, value: tuple, reasons: list, upper: bool) -> None:
    cur = side.get(name)
    if cur is not None and (cur[0] <= value if upper else cur[0] >= value):
        return
    opp = other.get(name)
    if opp is not None and (value < opp[0] if upper else value > opp[0]):
        raise _Stop(build_farkas(opp[1] + reasons))
    side[name] = (value, reasons)


def _fix_reasons(c: Constraint, free: str | None, f: Fraction, lo: dict, hi: dict) -> list:
    """Reasons for substituting the fixed variables of ``c`` in ``f * (lhs - rhs)``."""
    out = []
    for v, a in c.coeffs:
        if v == free:
            continue
        g = -f * a
        if g > 0:
            out.extend((r, w * g) for r, w in hi[v][1])
        else:
            out.extend((r, w * -g) for r, w in lo[v][1])
    return out


def _substitute(c: Constraint, free: str | None, lo: dict, hi: dict, excluded: dict) -> None:
    rhs = c.rhs
    k = ONE
    for v, a in c.coeffs:
        if v == free:
            k = a
        else:
            rhs -= a * lo[v][0][0]
    op = c.op
    if free is None:  # all fixed: 0 op rhs
        if relation_holds(0, op, rhs):
            return
        if op == "!=":
            lt = Constraint(c.coeffs, "<", c.rhs, c.label)
            gt = Constraint(c.coeffs, ">", c.rhs, c.label)
            raise _Stop(
                Split(
                    c,
                    build_farkas([((lt, ONE), ONE)] + _fix_reasons(c, None, ONE, lo, hi)),
                    build_farkas([((gt, -ONE), ONE)] + _fix_reasons(c, None, -ONE, lo, hi)),
                )
            )
        f = ONE if (op in _LESS and not (op == "=" and rhs > 0)) else -ONE
        raise _Stop(build_farkas([((c, f), ONE)] + _fix_reasons(c, None, f, lo, hi)))
    if op == "!=":
        excluded.setdefault(free, []).append(rhs / k)
        return
    # k * free op rhs: bounds with the reasons of the substitution
    reduced = Constraint(((free, k),), op, rhs, c.label)
    up, low = bounds_of(reduced, k)
    if up is not None:
        f = up[1][1]
        _tighten(hi, lo, free, up[0], [((c, f), ONE)] + _fix_reasons(c, free, f, lo, hi), True)
    if low is not None:
        f = low[1][1]
        _tighten(lo, hi, free, low[0], [((c, f), ONE)] + _fix_reasons(c, free, f, lo, hi), False)
