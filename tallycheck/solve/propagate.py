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

from ..numbers.interval import Interval
from .certificates import ASSUMPTION, Branch, Split, build_farkas
from .linear import ceil_delta, floor_delta, prep
from .num import div, inverse
from .problem import Constraint, relation_holds
from .single import _pick_integer, _pick_rational, interval_of

ONE = Fraction(1)
_LESS = frozenset(("<=", "<", "="))
_UPPER = frozenset(("<=", "<"))
_STRICT = frozenset(("<", ">"))


class _Stop(Exception):
    """Infeasible: a finished certificate, or two clashing bounds' reasons."""

    def __init__(self, cert=None, clash: tuple | None = None) -> None:
        self.cert = cert
        self.clash = clash


def _fixpoint(cons: list[Constraint], lo: dict, hi: dict, excluded: dict) -> bool:
    """Substitute fixed variables until every constraint is on one variable (True) or stuck (False).

    Raises _Stop on a contradiction.  ``lo``/``hi`` map a variable to
    ``(delta value, reasons)``; reasons are a list of weighted bound reasons, or
    ``(constraint, free variable, factor)`` for a bound derived by substitution
    (expanded on demand by :func:`_expand`).
    """
    multi: list[Constraint] = []
    for c in cons:
        co, _, name, _, up, low = prep(c)
        if len(co) != 1 or c.op == "!=":
            multi.append(c)  # "!=" on one variable: an exclusion, handled with the others
            continue
        if up is not None:
            _tighten(hi, lo, name, up[0], [(up[1], ONE)], True)
        if low is not None:
            _tighten(lo, hi, name, low[0], [(low[1], ONE)], False)
    pending = multi
    while pending:
        rest = []
        for c in pending:
            free = None
            nfree = 0
            for v, _ in prep(c)[0]:
                l = lo.get(v)
                if l is not None and not l[0][1]:
                    h = hi.get(v)
                    if h is not None and h[0] == l[0]:
                        continue
                nfree += 1
                free = v
                if nfree > 1:
                    break
            if nfree > 1:
                rest.append(c)
            else:
                _substitute(c, free, lo, hi, excluded)
        if len(rest) == len(pending):
            return False
        pending = rest
    return True


def _clash(stop: _Stop, lo: dict, hi: dict):
    if stop.clash is not None:
        return build_farkas(_expand(stop.clash[0], lo, hi) + _expand(stop.clash[1], lo, hi))
    return stop.cert


def propagate(cons: list[Constraint], integers: frozenset[str]):
    """(True, model) | (False, certificate) | None (shape not handled)."""
    lo: dict[str, tuple] = {}
    hi: dict[str, tuple] = {}
    excluded: dict[str, list] = {}
    try:
        if not _fixpoint(cons, lo, hi, excluded):
            return None
    except _Stop as stop:
        return False, _clash(stop, lo, hi)
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
                    build_farkas(_expand(l[1], lo, hi) + [((below, ONE), ONE)]),
                    build_farkas(_expand(h[1], lo, hi) + [((above, -ONE), ONE)]),
                    b,
                )
            value = _pick_integer(a, b, excluded.get(name, ()))
        else:
            value = _pick_rational(l, h, excluded.get(name, ()))
        if value is None:
            return None
        model[name] = Fraction(value)
    return True, model


def propagate_ranges(cons: list[Constraint], integers: frozenset[str], names: list[str] | None = None) -> dict | None:
    """Exact ranges when propagation settles the component without exclusions; None otherwise.

    An infeasible component gives ``{var: None}`` for all its variables.
    ``names``: all the variables of ``cons``, sorted, when the caller knows them.
    """
    lo: dict[str, tuple] = {}
    hi: dict[str, tuple] = {}
    excluded: dict[str, list] = {}
    if names is None:
        names = sorted({v for c in cons for v, _ in c.coeffs})
    try:
        if not _fixpoint(cons, lo, hi, excluded) or excluded:
            return None
    except _Stop:
        return {v: None for v in names}
    out = {}
    for name in names:
        l = lo.get(name)
        h = hi.get(name)
        if name in integers:
            a = None if l is None else ceil_delta(l[0])
            b = None if h is None else floor_delta(h[0])
            if a is not None and b is not None and a > b:
                return {v: None for v in names}
            out[name] = Interval(None if a is None else Fraction(a), None if b is None else Fraction(b))
        else:
            out[name] = interval_of(l and l[0], h and h[0])
    return out


def _tighten(side: dict, other: dict, name: str, value: tuple, reasons, upper: bool) -> None:
    cur = side.get(name)
    if cur is not None and (cur[0] <= value if upper else cur[0] >= value):
        return
    opp = other.get(name)
    if opp is not None and (value < opp[0] if upper else value > opp[0]):
        raise _Stop(clash=(opp[1], reasons))
    side[name] = (value, reasons)


def _expand(reasons, lo: dict, hi: dict) -> list:
    """Weighted bound reasons, with substitutions unfolded into the bounds that fixed the variables."""
    out = []
    stack = [(reasons, ONE)]
    while stack:
        r, w = stack.pop()
        if type(r) is list:
            out.extend((x, wx * w) for x, wx in r)
            continue
        c, free, f = r
        out.append(((c, f), w))
        for v, a in prep(c)[0]:
            if v == free:
                continue
            g = -f * a
            if g > 0:
                stack.append((hi[v][1], w * g))
            else:
                stack.append((lo[v][1], w * -g))
    return out


def _substitute(c: Constraint, free: str | None, lo: dict, hi: dict, excluded: dict) -> None:
    co, rhs, _, _, _, _ = prep(c)
    k = 1
    for v, a in co:
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
                    build_farkas(_expand((lt, None, ONE), lo, hi)),
                    build_farkas(_expand((gt, None, -ONE), lo, hi)),
                )
            )
        f = ONE if (op in _LESS and not (op == "=" and rhs > 0)) else -ONE
        raise _Stop(build_farkas(_expand((c, None, f), lo, hi)))
    v = div(rhs, k)
    if op == "!=":
        excluded.setdefault(free, []).append(v)
        return
    # k * free op rhs: bounds derived by the substitution
    f = inverse(k)
    if op == "=":
        _tighten(hi, lo, free, (v, 0), (c, free, f), True)
        _tighten(lo, hi, free, (v, 0), (c, free, -f), False)
        return
    strict = op in _STRICT
    if (op in _UPPER) == (k > 0):
        _tighten(hi, lo, free, (v, -1 if strict else 0), (c, free, f), True)
    else:
        _tighten(lo, hi, free, (v, 1 if strict else 0), (c, free, -f), False)
