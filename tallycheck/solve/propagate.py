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


def _fixpoint(cons: list[Constraint], lo: dict, hi: dict, excluded: dict) -> list[Constraint]:
    """Substitute fixed variables until every constraint is on one variable; the constraints
    left with two or more variables not fixed (none: settled).

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
            return rest
        pending = rest
    return []


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
        pending = _fixpoint(cons, lo, hi, excluded)
    except _Stop as stop:
        return False, _clash(stop, lo, hi)
    residual = None
    if pending:
        residual = _residual(pending, lo, hi, excluded)
        if residual is None:
            return None
    # every other constraint is now on one variable: intervals
    names = sorted({v for c in cons for v, _ in c.coeffs})
    if residual is not None:
        return residual.with_model(lambda: _model(names, lo, hi, excluded, integers, residual.variables))
    return _model(names, lo, hi, excluded, integers, ())


def _model(names: list[str], lo: dict, hi: dict, excluded: dict, integers: frozenset[str], skip) -> tuple | None:
    """(True, a value for each variable of ``names`` but ``skip``) | (False, certificate) | None."""
    model: dict[str, Fraction] = {}
    for name in names:
        if name in skip:
            continue
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
        pending = _fixpoint(cons, lo, hi, excluded)
        if excluded:
            return None
    except _Stop:
        return {v: None for v in names}
    out: dict = {}
    if pending:
        residual = _residual(pending, lo, hi, excluded)
        if residual is None:
            return None
        out = residual
    for name in names:
        if pending and name in residual.variables:
            continue
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


class Residual(dict):
    """What propagation leaves: groups of constraints with two or more variables not fixed.

    Each group is a problem of its own, small where the rest was settled: its constraints
    plus those that derive the bounds of its variables (the reasons, unfolded), so that a
    search on it proves with the original constraints.  The problem holds exactly when every
    group does (every other constraint is then on one variable within its bounds).  As a
    dict: the ranges settled so far (filled by :func:`propagate_ranges`).
    """

    def __init__(self, groups: list[tuple[list[Constraint], list[str]]]) -> None:
        super().__init__()
        self.groups = groups  # (constraints, the variables not fixed)
        self.variables = {v for _, vs in groups for v in vs}
        self.model = None  # (True, model of the rest) | (False, cert) | None, made on demand

    def with_model(self, make) -> "Residual":
        self.model = make
        return self

    def point(self, c: Constraint, names: list[str], integers: frozenset[str]) -> dict | None:
        """Values of ``names`` (the variables of ``c`` not fixed) within their bounds that make the
        equation ``c`` hold, found without a search when ``c`` is a sum of its free variables
        (coefficients 1 or -1, whole variables, or rational ones with closed bounds); None when
        not found that way (the caller searches, which also proves when there is none)."""
        if c.op != "=":
            return None
        lo, hi = self.lo, self.hi
        free = set(names)
        r = Fraction(c.rhs)
        terms = []
        for v, a in c.coeffs:
            if v not in free:
                r -= a * lo[v][0][0]
            elif a not in (1, -1):
                return None
            else:
                l, h = lo.get(v), hi.get(v)
                if v in integers:
                    l = None if l is None else Fraction(ceil_delta(l[0]))
                    h = None if h is None else Fraction(floor_delta(h[0]))
                else:
                    if (l is not None and l[0][1]) or (h is not None and h[0][1]):
                        return None
                    l = None if l is None else Fraction(l[0][0])
                    h = None if h is None else Fraction(h[0][0])
                start = l if a == 1 else h  # the term at its lowest
                if start is None:
                    return None
                room = None if (h if a == 1 else l) is None else (h - l)
                terms.append((v, a, start, room))
        if any(v in integers for v, _, _, _ in terms) and (r.denominator != 1 or
                                                            not all(v in integers for v, _, _, _ in terms)):
            return None
        need = r - sum(a * start for _, a, start, _ in terms)
        if need < 0:
            return None
        values = {}
        for v, a, start, room in terms:
            step = need if room is None else min(need, room)
            need -= step
            values[v] = start + a * step
        return values if need == 0 else None


def _residual(pending: list[Constraint], lo: dict, hi: dict, excluded: dict) -> Residual | None:
    """The groups of :class:`Residual`; None when a variable of them has excluded values (``!=``)."""
    def unfixed(v: str) -> bool:
        l = lo.get(v)
        if l is None or l[0][1]:
            return True
        h = hi.get(v)
        return h is None or h[0] != l[0]

    owner: dict[str, int] = {}
    parent: list[int] = list(range(len(pending)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, c in enumerate(pending):
        for v, _ in c.coeffs:
            if unfixed(v):
                j = owner.setdefault(v, i)
                if j != i:
                    a, b = find(i), find(j)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    members: dict[int, list[Constraint]] = {}
    for i, c in enumerate(pending):
        members.setdefault(find(i), []).append(c)
    groups = []
    for key in sorted(members):
        group = members[key]
        names = sorted({v for c in group for v, _ in c.coeffs if unfixed(v)})
        if any(v in excluded for v in names):
            return None
        seen = {id(c) for c in group}
        support = list(group)
        for v in sorted({v for c in group for v, _ in c.coeffs}):
            for side in (lo, hi):
                bound = side.get(v)
                if bound is None:
                    continue
                for (c, _), _ in _expand(bound[1], lo, hi):
                    if id(c) not in seen:
                        seen.add(id(c))
                        support.append(c)
        groups.append((support, names))
    out = Residual(groups)
    out.lo, out.hi = lo, hi
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
