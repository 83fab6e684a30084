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

from collections import deque
from collections.abc import Sequence
from fractions import Fraction
from functools import partial

from ..numbers.interval import Interval
from .box import box_ranges as _box_ranges
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


def _fixpoint(multi: list[Constraint], lo: dict, hi: dict, excluded: dict,
              integers: frozenset[str]) -> tuple[list[Constraint], bool]:
    """After :func:`first_pass` (the bounds in ``lo``/``hi``, ``multi`` the other constraints):
    substitute fixed variables until every constraint is on one variable; stuck only on
    differences of whole quantities, propagate bounds through them (:func:`_differences`).
    Returns the constraints left with two or more variables not fixed (none: settled), and
    whether it went through differences (then a model at the bounds must be checked).

    Raises _Stop on a contradiction.  ``lo``/``hi`` map a variable to
    ``(delta value, reasons)``; reasons are a list of weighted bound reasons, or
    ``(constraint, free variable, factor)`` for a bound derived by substitution
    (expanded on demand by :func:`_expand`).
    """
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
            if _differences(rest, lo, hi, integers):
                return [], True
            return rest, False
        pending = rest
    return [], False


def first_pass(cons: list[Constraint], lo: dict, hi: dict) -> list[Constraint]:
    """The bounds on one quantity, in order, into ``lo``/``hi`` (raises _Stop at the first that
    crosses its quantity's other bound); the constraints on several quantities, and ``!=``, in order."""
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
    return multi


def _clash(stop: _Stop, lo: dict, hi: dict):
    if stop.clash is not None:
        return build_farkas(_expand(stop.clash[0], lo, hi) + _expand(stop.clash[1], lo, hi))
    return stop.cert


def propagate(cons: list[Constraint] | None, integers: frozenset[str], first=None):
    """(True, model) | (False, certificate) | None (shape not handled).  ``first``: a function
    ``(lo, hi) -> constraints`` that does what :func:`first_pass` of ``cons`` does
    (:class:`~.passes.FirstPasses`, for many selections of one problem's claims); then ``cons``
    is not needed."""
    lo: dict[str, tuple] = {}
    hi: dict[str, tuple] = {}
    excluded: dict[str, list] = {}
    try:
        multi = first_pass(cons, lo, hi) if first is None else first(lo, hi)
        pending, through = _fixpoint(multi, lo, hi, excluded, integers)
    except _Stop as stop:
        return False, _clash(stop, lo, hi)
    # every variable is bounded by the first pass or in a constraint it left (the model's names)
    names = sorted(lo.keys() | hi.keys() | {v for c in multi for v, _ in c.coeffs})
    residual = None
    if pending:
        residual = _residual(pending, lo, hi, excluded)
        if residual is None:
            return None
    # every other constraint is now on one variable: intervals
    if residual is not None:
        # (a partial, not a lambda on ``residual``: that would be a reference cycle through it)
        return residual.with_model(partial(_model, names, lo, hi, excluded, integers, residual.variables))
    return _model(names, lo, hi, excluded, integers, (), multi if through else ())


def _model(names: list[str], lo: dict, hi: dict, excluded: dict, integers: frozenset[str], skip,
           check: Sequence[Constraint] = ()) -> tuple | None:
    """(True, a value for each variable of ``names`` but ``skip``) | (False, certificate) | None;
    the values are checked against ``check`` (the constraints of differences gone through)."""
    values: dict[str, int | Fraction] = {}
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
        values[name] = value
    if check and not all(_holds(c, values) for c in check if len(c.coeffs) > 1):
        return None  # (a value not at its lower bound, stepping aside from an excluded one)
    return True, {name: Fraction(v) for name, v in values.items()}


def _holds(c: Constraint, values: dict) -> bool:
    """``c.holds`` on the prepared (mostly ``int``) coefficients and values."""
    co, rhs, _, _, _, _ = prep(c)
    return relation_holds(sum(a * values[v] for v, a in co), c.op, rhs)


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
        pending, _ = _fixpoint(first_pass(cons, lo, hi), lo, hi, excluded, integers)
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

    def box_ranges(self, group: list[Constraint], names: list[str], integers: frozenset[str]) -> dict | None:
        """The exact ranges of a group's variables ``names`` when one constraint alone holds two
        or more of them (its other constraints are their bounds' reasons): the projection of their
        box, as propagation left it, cut by that constraint (:func:`~.box.box_ranges`, exact over
        whole numbers where it says so); None when the group is not of that shape, or the
        projection is not known exact, or is empty (the caller searches, which also says why).

        A national election's region (``red.r7 = 48.5% of votes.r7``, ``blue.r7 = 42.4% of
        votes.r7``, ``votes.r7 = red.r7 + blue.r7 + other.r7``, ``votes.r7`` settled by the
        precincts): a search and six optimisations each, 4.2 of the ranges' 5 CPU-seconds over
        1,000 regions."""
        free = set(names)
        multi = [c for c in group if sum(1 for v, _ in c.coeffs if v in free) > 1]
        if len(multi) != 1 or multi[0].op == "!=":
            return None
        (c,) = multi
        lo, hi = self.lo, self.hi
        rhs = Fraction(c.rhs)
        for v, a in c.coeffs:
            if v not in free:  # fixed (a whole value, no delta: see _residual's unfixed)
                rhs -= a * lo[v][0][0]
        box = [Constraint.make({v: a for v, a in c.coeffs if v in free}, c.op, rhs, c.label)]
        for v in names:
            l, h = lo.get(v), hi.get(v)
            if l is not None:
                box.append(Constraint.make({v: 1}, ">" if l[0][1] > 0 else ">=", l[0][0], ASSUMPTION))
            if h is not None:
                box.append(Constraint.make({v: 1}, "<" if h[0][1] < 0 else "<=", h[0][0], ASSUMPTION))
        return _box_ranges(box, integers)

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
        if type(r) is _Via:
            out.append(((r.constraint, r.factor), w))
            stack.extend((x, w * g) for x, g in r.others)
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


class _Via:
    """The reason of a bound derived through a difference ``x - y op r``: the constraint (its
    contribution ``factor * (lhs - rhs)``) and the reasons of ``y``'s bound when it was used
    (kept, not looked up later: a bound may be tightened again, and a reason never points to
    one younger than itself, so expanding one always ends)."""

    __slots__ = ("constraint", "factor", "others")

    def __init__(self, constraint: Constraint, factor, others: list) -> None:
        self.constraint = constraint
        self.factor = factor
        self.others = others  # [(reasons, weight)]: y's bound, and the bounds that fixed the other quantities


def _via(c: Constraint, f, other, fixed, lo: dict, hi: dict) -> _Via:
    others = [(other, ONE)]
    for v, a in fixed:
        g = -f * a
        others.append((hi[v][1], g) if g > 0 else (lo[v][1], -g))
    return _Via(c, f, others)


def _differences(cons: list[Constraint], lo: dict, hi: dict, integers: frozenset[str]) -> bool:
    """Bounds propagated through differences of whole quantities, ``x - y op r`` (``op`` one of
    ``<= = >=``, fixed quantities substituted, ``r`` whole), to a fixpoint; False when a constraint is of another shape (or the
    propagation runs long: the caller then runs the general search).

    A cumulative count's figures in date order (``deaths@d1 <= deaths@d2``) are such a system.
    For it the fixpoint is exact: whole bounds stay whole along a difference with a whole ``r``,
    so each quantity's range is its propagated bounds rounded inward, and every quantity at its
    lower bound (or every one at its upper) satisfies all the differences (Bellman-Ford on the
    constraint graph); it is infeasible exactly when some quantity's bounds cross, which
    :func:`_tighten` reports with both bounds' reasons (a Farkas certificate) -- or, after
    rounding, :func:`propagate`'s branch on that quantity.
    """
    found = _edges(cons, lo, hi, integers)
    if found is None:
        return False
    edges, touching = found
    return _run(edges, touching, range(len(edges)), lo, hi)


def _edges(cons: list[Constraint], lo: dict, hi: dict, integers: frozenset[str]):
    """The differences of :func:`_differences`, ``(edges, touching)``; None when one is not."""
    edges = []  # (constraint, x, y, r, fixed): the constraint is x - y op r, fixed quantities' terms aside
    for c in cons:
        if c.op == "!=" or c.op in _STRICT:  # (a strict difference of whole numbers is rounded: the search's)
            return None
        co, rhs, _, _, _, _ = prep(c)
        pair = []
        fixed = []
        for v, a in co:
            l = lo.get(v)
            if l is not None and not l[0][1]:
                h = hi.get(v)
                if h is not None and h[0] == l[0]:
                    rhs -= a * l[0][0]
                    fixed.append((v, a))
                    continue
            if v not in integers or (a != 1 and a != -1):
                return None
            pair.append((v, a))
        if len(pair) != 2 or pair[0][1] != -pair[1][1] or not (type(rhs) is int or rhs.denominator == 1):
            return None
        (x, a), (y, _) = pair
        if a == -1:  # -y + x: x is the quantity with coefficient +1
            x, y = y, x
        edges.append((c, x, y, int(rhs), tuple(fixed)))
    touching: dict[str, list[int]] = {}
    for i, (_, x, y, _, _) in enumerate(edges):
        touching.setdefault(x, []).append(i)
        touching.setdefault(y, []).append(i)
    return edges, touching


def _run(edges: list, touching: dict, start, lo: dict, hi: dict) -> bool:
    """Propagate through ``edges`` from those in ``start`` (positions) to a fixpoint; False past a budget."""
    queue = deque(start)
    queued = [False] * len(edges)
    for i in queue:
        queued[i] = True
    budget = 20 * (len(edges) + len(touching)) + 10_000
    while queue:
        i = queue.popleft()
        queued[i] = False
        c, x, y, r, fixed = edges[i]
        op = c.op
        changed = []
        if op in _LESS:  # x - y <= r: x <= y + r and y >= x - r (the constraint's factor 1)
            h = hi.get(y)
            if h is not None and _moves(hi, x, (h[0][0] + r, h[0][1]), True):
                _tighten(hi, lo, x, (h[0][0] + r, h[0][1]), _via(c, ONE, h[1], fixed, lo, hi), True)
                changed.append(x)
            l = lo.get(x)
            if l is not None and _moves(lo, y, (l[0][0] - r, l[0][1]), False):
                _tighten(lo, hi, y, (l[0][0] - r, l[0][1]), _via(c, ONE, l[1], fixed, lo, hi), False)
                changed.append(y)
        if op not in _UPPER:  # x - y >= r: x >= y + r and y <= x - r (the constraint's factor -1)
            l = lo.get(y)
            if l is not None and _moves(lo, x, (l[0][0] + r, l[0][1]), False):
                _tighten(lo, hi, x, (l[0][0] + r, l[0][1]), _via(c, -ONE, l[1], fixed, lo, hi), False)
                changed.append(x)
            h = hi.get(x)
            if h is not None and _moves(hi, y, (h[0][0] - r, h[0][1]), True):
                _tighten(hi, lo, y, (h[0][0] - r, h[0][1]), _via(c, -ONE, h[1], fixed, lo, hi), True)
                changed.append(y)
        for v in changed:
            budget -= 1
            for j in touching[v]:
                if not queued[j]:
                    queued[j] = True
                    queue.append(j)
        if budget < 0:
            return False
    return True


def _moves(side: dict, name: str, value: tuple, upper: bool) -> bool:
    """Would ``value`` tighten the bound?"""
    cur = side.get(name)
    return cur is None or (value < cur[0] if upper else value > cur[0])


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


class Settled:
    """A part's fixed constraints (definitions, kinds, a cumulative count's time order), propagated
    once, to check a few claims with them without propagating everything again: the conflict
    search of a component of 100,000 claims checks a conflict of two claims hundreds of times.

    ``usable`` when propagation settles the fixed constraints alone, every quantity of their
    differences has a lower bound (so that the quantities at their lower bounds are a solution:
    see :func:`_differences`), and nothing is excluded.
    """

    def __init__(self, fixed: list[Constraint], integers: frozenset[str]) -> None:
        self.lo: dict = {}
        self.hi: dict = {}
        self.integers = integers
        self.edges: list = []
        self.touching: dict = {}
        self.usable = False
        excluded: dict = {}
        try:
            pending, _ = _fixpoint(first_pass(fixed, self.lo, self.hi), self.lo, self.hi, excluded, integers)
        except _Stop:
            return
        if pending or excluded:
            return
        multi = [c for c in fixed if len(c.coeffs) > 1 and _unfixed(c, self.lo, self.hi) > 1]
        found = _edges(multi, self.lo, self.hi, integers)
        if found is None:
            return
        self.edges, self.touching = found
        names = sorted(self.lo.keys() | self.hi.keys())
        self.usable = all(v in self.lo for v in self.touching) and _no_whole_value(names, self.lo, self.hi, integers) is None


def _unfixed(c: Constraint, lo: dict, hi: dict) -> int:
    n = 0
    for v, _ in prep(c)[0]:
        l = lo.get(v)
        if l is None or l[0][1] or hi.get(v) is None or hi[v][0] != l[0]:
            n += 1
    return n


def propagate_more(settled: Settled, cons: list[Constraint]):
    """:func:`propagate` of the settled fixed constraints with ``cons`` (bounds on one quantity
    each): ``(True, None)`` (they hold: no model is made), ``(False, certificate)``, or None (a
    shape this does not take: the caller decides the usual way).

    When the bounds of one quantity alone move and still hold a value (a whole one, for a
    count), they hold: the settled bounds are the fixpoint of whole differences, exact (each
    value between a quantity's bounds is part of a solution, see :func:`_differences`), so
    nothing need be propagated.  A claim checked alone against a chain of 100,000 dates
    propagated it end to end: 0.1-0.2 s a check, ten in the conflict search of the
    ``cumulative`` shape."""
    lo = dict(settled.lo)
    hi = dict(settled.hi)
    changed: set[str] = set()
    integers = settled.integers
    try:
        for c in cons:
            co, _, name, _, up, low = prep(c)
            if len(co) != 1 or c.op == "!=":
                return None
            if up is not None and _moves(hi, name, up[0], True):
                _tighten(hi, lo, name, up[0], [(up[1], ONE)], True)
                changed.add(name)
            if low is not None and _moves(lo, name, low[0], False):
                _tighten(lo, hi, name, low[0], [(low[1], ONE)], False)
                changed.add(name)
        if len(changed) == 1:  # one quantity's bounds moved, and hold a value: so does everything
            (v,) = changed
            l, h = lo.get(v), hi.get(v)
            if v not in integers or l is None or h is None or ceil_delta(l[0]) <= floor_delta(h[0]):
                return True, None
        touching = settled.touching
        start = sorted({i for v in changed for i in touching.get(v, ())})
        if start and not _run(settled.edges, touching, start, lo, hi):
            return None
    except _Stop as stop:
        return False, _clash(stop, lo, hi)
    moved = [v for v in lo.keys() | hi.keys() if lo.get(v) is not settled.lo.get(v) or hi.get(v) is not settled.hi.get(v)]
    cert = _no_whole_value(sorted(moved), lo, hi, integers)
    if cert is not None:
        return False, cert
    return True, None


def _no_whole_value(names, lo: dict, hi: dict, integers: frozenset[str]):
    """A branch on the first whole quantity of ``names`` whose bounds hold no whole number; None if none."""
    for name in names:
        l, h = lo.get(name), hi.get(name)
        if name in integers and l is not None and h is not None and ceil_delta(l[0]) > floor_delta(h[0]):
            b = floor_delta(h[0])
            below = Constraint(((name, ONE),), "<=", Fraction(b), ASSUMPTION)
            above = Constraint(((name, ONE),), ">=", Fraction(b + 1), ASSUMPTION)
            return Branch(
                name,
                interval_of(l[0], h[0]),
                build_farkas(_expand(l[1], lo, hi) + [((below, ONE), ONE)]),
                build_farkas(_expand(h[1], lo, hi) + [((above, -ONE), ONE)]),
                b,
            )
    return None
