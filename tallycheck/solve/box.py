"""Fast path for implied ranges: rational quantities in a box, cut by one relation.

Shares of a whole are the common case: ``a + b + c = 100%`` (a definition), each
share within its rounding interval, no share a count.  Every constraint but the
relation is on one variable (together they make a *box*), and the relation
bounds one linear form ``L = sum(a_i * x_i)`` (one constraint, or several on
the same form).  Then each variable's range is exact without the simplex:

    a_j * x_j  in  L's range  minus  the range of sum(a_i * x_i, i != j) over the box

intersected with the variable's own box.  The sum of a box's terms ranges over an
interval, so this is the projection of the feasible set, ends open or closed
included.  Values are delta-rationals (:mod:`.linear`): a strict end carries an
infinitesimal, and adding ends adds infinitesimals, so an end is open exactly when
one of the ends it is made of is.

Counts are handled when the form is a sum of counts whose free terms have coefficients of
one size (``total = a + b + c``, ``total = 2*a + 2*b`` with the total claimed): those terms
then take every multiple of that size between their ends, and the same projection is exact
over whole numbers once each end is rounded inward (:func:`_whole_steps`; a sum of 1,100
parts claimed as a total: no optimisation at all).  Not for ``!=``; when the box and the relation have no
common point the caller runs the general search (which also explains why).
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

from ..numbers.interval import Interval
from .certificates import ASSUMPTION, build_farkas
from .linear import ceil_delta, floor_delta, prep, prep_once
from .num import div
from .problem import Constraint


#: groups of at most this many constraints keep what :func:`box_ranges` prepared of them
CACHED = 1_000


def box_ranges(cons: list[Constraint], integers: frozenset[str]) -> dict[str, Interval] | None:
    """Exact ranges when ``cons`` is a box cut by one linear form's bounds; None otherwise.

    ``integers`` are the problem's integer variables: any of them in ``cons`` is
    handled only in a sum of counts (:func:`_whole_steps`).
    """
    # a small group is prepared once for the passes after this one, if it is not a box; a big
    # one is not cached (a long sum's 200,000 parts: 95 MB of cache that nothing read again)
    prepared = prep if len(cons) <= CACHED else prep_once
    lo: dict[str, tuple] = {}  # variable -> its box's lower end (delta value), if any
    hi: dict[str, tuple] = {}
    form = None  # the one linear form of several variables: ((variable, int coefficient), ...)
    form_lo = form_hi = None  # its bounds
    for c in cons:
        co, _, key, _, up, low = prepared(c)
        if c.op == "!=":
            return None
        if len(co) == 1:
            if up is not None:
                h = hi.get(key)
                if h is None or up[0] < h:
                    hi[key] = up[0]
            if low is not None:
                l = lo.get(key)
                if l is None or low[0] > l:
                    lo[key] = low[0]
            continue
        if form is None:
            form = key
        elif key != form:
            return None
        if up is not None and (form_hi is None or up[0] < form_hi):
            form_hi = up[0]
        if low is not None and (form_lo is None or low[0] > form_lo):
            form_lo = low[0]
    if form is None or (form_lo is not None and form_hi is not None and form_lo > form_hi):
        return None
    in_form = {v for v, _ in form}
    if not (in_form.issuperset(lo) and in_form.issuperset(hi)):
        return None  # not one connected group
    if any(v in integers for v, _ in form):
        whole = _whole_steps(form, integers, lo, hi, form_lo, form_hi)
        if whole is None:
            return None
        lo, hi, form_lo, form_hi = whole
    for v, _ in form:
        l, h = lo.get(v), hi.get(v)
        if l is not None and h is not None and l > h:
            return None  # an empty box
    return _project(form, lo, hi, form_lo, form_hi)


def _project(form: tuple, lo: dict, hi: dict, form_lo: tuple | None, form_hi: tuple | None) -> dict[str, Interval] | None:
    """The range of each variable of ``form`` (``((variable, int coefficient), ...)``), each within
    its box ``lo``/``hi`` (delta values), the form within ``form_lo``/``form_hi``: the box's
    projection; None when they have no common point."""
    # From here on every value is an int: the ends times a common denominator.
    scale = _common_scale(form, [*lo.values(), *hi.values(), form_lo, form_hi])
    lo = {v: _scaled(e, scale) for v, e in lo.items()}
    hi = {v: _scaled(e, scale) for v, e in hi.items()}
    form_lo, form_hi = _scaled(form_lo, scale), _scaled(form_hi, scale)
    terms = [_term(a, lo.get(v), hi.get(v)) for v, a in form]
    low_sum = _sum(t[0] for t in terms)
    high_sum = _sum(t[1] for t in terms)
    out: dict[str, Interval] = {}
    made: dict[tuple, Interval] = {}  # equal ranges are one Interval (200,000 parts of one sum: one range)
    for (v, a), (t_lo, t_hi) in zip(form, terms):
        # a * v = L - (the other terms): from L's lower end minus the others' upper end, and so on
        others_hi = _minus(high_sum, t_hi)
        others_lo = _minus(low_sum, t_lo)
        below = None if form_lo is None or others_hi is None else _sub(form_lo, others_hi)
        above = None if form_hi is None or others_lo is None else _sub(form_hi, others_lo)
        if a > 0:
            low, high = _divide(below, a), _divide(above, a)
        else:
            low, high = _divide(above, a), _divide(below, a)
        l, h = lo.get(v), hi.get(v)
        if l is not None and (low is None or l > low):
            low = l
        if h is not None and (high is None or h < high):
            high = h
        if low is not None and high is not None and low > high:
            return None  # no common point
        ends = (low, high)
        rng = made.get(ends)
        if rng is None:
            rng = made[ends] = Interval(
                None if low is None else Fraction(low[0], scale),
                None if high is None else Fraction(high[0], scale),
                low is not None and low[1] > 0,
                high is not None and high[1] < 0,
            )
        out[v] = rng
    return out


def _whole_steps(form: tuple, integers: frozenset[str], lo: dict, hi: dict, form_lo, form_hi):
    """The box and the form's ends rounded inward to whole values, when the projection stays
    exact over whole numbers; None when it may not.

    It stays exact when every variable is a count and the counts not pinned to one value
    all have coefficients of one size ``k`` (``total = a + b + c``, ``10 = 2*a + 2*b``): their
    terms then take every multiple of ``k`` between their ends, so the form takes every value
    ``C + k*n`` between its ends (``C`` the pinned terms' sum).  Rounding each box inward to
    whole numbers and the form's ends inward to that lattice, the projection below is the
    projection over whole numbers.
    """
    if not all(v in integers for v, _ in form):
        return None
    # an end already whole is kept as it is (a new pair for each of 200,000 parts: 14 MB more)
    lo = {v: e if type(e[0]) is int and not e[1] else (ceil_delta(e), 0) for v, e in lo.items()}
    hi = {v: e if type(e[0]) is int and not e[1] else (floor_delta(e), 0) for v, e in hi.items()}
    pinned = {v: lo[v][0] for v, _ in form if v in lo and v in hi and lo[v] == hi[v]}
    sizes = {abs(a) for v, a in form if v not in pinned}
    if len(sizes) > 1:
        return None
    k = sizes.pop() if sizes else 1
    c = sum(a * pinned[v] for v, a in form if v in pinned)
    if form_lo is not None:
        form_lo = (c + k * ceil_delta((div(form_lo[0] - c, k), div(form_lo[1], k))), 0)
    if form_hi is not None:
        form_hi = (c + k * floor_delta((div(form_hi[0] - c, k), div(form_hi[1], k))), 0)
    if form_lo is not None and form_hi is not None and form_lo > form_hi:
        return None
    return lo, hi, form_lo, form_hi


def _common_scale(form: tuple, ends: list) -> int:
    """A positive integer that makes every end's value whole, and stays whole divided by any coefficient.

    The common denominator of the values times the coefficients' least common multiple:
    a value found for ``a * x`` is then a whole number times ``scale / a``.
    """
    den = 1
    for e in ends:
        if e is not None and type(e[0]) is not int:
            den = lcm(den, e[0].denominator)
    return den * lcm(*(a for _, a in form))


def _scaled(x: tuple | None, scale: int) -> tuple | None:
    """A delta value times ``scale``, its value part a whole number."""
    if x is None:
        return None
    a, b = x
    if type(a) is int:
        return x if scale == 1 else (a * scale, b * scale)
    return a.numerator * (scale // a.denominator), b * scale


def _term(a: int, low: tuple | None, high: tuple | None) -> tuple:
    """The range ``(lowest, highest)`` of ``a * x`` for ``x`` in ``[low, high]`` (None: unbounded)."""
    if a > 0:
        return _times(low, a), _times(high, a)
    return _times(high, a), _times(low, a)


def _times(x: tuple | None, a: int) -> tuple | None:
    return None if x is None else (x[0] * a, x[1] * a)


def _divide(x: tuple | None, a: int) -> tuple | None:
    """``x / a``: the value part is a multiple of ``a`` (see :func:`_common_scale`)."""
    return None if x is None else (x[0] // a, div(x[1], a))


def _sub(x: tuple, y: tuple) -> tuple:
    return (x[0] - y[0], x[1] - y[1])


def _sum(ends) -> tuple:
    """``(finite sum, how many ends are unbounded)`` of delta values (None: unbounded)."""
    a = b = 0
    unbounded = 0
    for e in ends:
        if e is None:
            unbounded += 1
        else:
            a += e[0]
            b += e[1]
    return (a, b), unbounded


def _minus(total: tuple, end: tuple | None) -> tuple | None:
    """The sum of the other ends: ``total`` without ``end``; None when one of them is unbounded."""
    (a, b), unbounded = total
    if end is None:
        return (a, b) if unbounded == 1 else None
    return (a - end[0], b - end[1]) if unbounded == 0 else None


# -- a box cut by a few relations -------------------------------------------------------------

#: variables lumped from which :func:`lump` reduces a problem (a small one is left as it is)
LEAST = 64

ONE = Fraction(1)
_SIGN = {"<=": 1, "<": 1, "=": 1, ">=": -1, ">": -1}


class Lump:
    """The variables of one linear form that are in no other form (its *own* variables), as one
    variable ``name`` standing for ``sum(a * v for v, a in terms)``; ``low``/``high``: the range
    of that sum over their boxes (delta values, None: unbounded), the ends of :func:`lump`'s
    bounds on ``name``; ``reasons``: each variable's box, ``(low, high)`` as ``(value, reason)``."""

    __slots__ = ("name", "terms", "low", "high", "reasons", "bounds")

    def __init__(self, name: str, terms: list, low, high, reasons: dict) -> None:
        self.name = name
        self.terms = terms
        self.low = low
        self.high = high
        self.reasons = reasons
        self.bounds: dict[int, bool] = {}  # id of a bound on ``name`` -> upper


class Reduced:
    """A problem with the own variables of each form lumped (:func:`lump`): ``constraints`` for
    the general path, and what maps its answers back to the problem's variables."""

    __slots__ = ("constraints", "lumps", "original", "bounds", "keep")

    def __init__(self, constraints: list[Constraint], lumps: list[Lump], original: dict, bounds: dict) -> None:
        self.constraints = constraints
        self.lumps = lumps
        self.original = original  # id of a rewritten constraint -> the problem's constraint
        self.bounds = bounds  # id of a lump's bound -> (lump, upper)

    def certificate(self, cert):
        """A certificate of the reduced problem in the problem's constraints: each lump's bound
        unfolded into the boxes of its variables (the bound is their sum)."""
        from .certificates import Branch, Farkas, Split

        if isinstance(cert, Branch):
            return Branch(cert.var, cert.relaxed, self.certificate(cert.below), self.certificate(cert.above),
                          cert.bound, cert.coeffs)
        if isinstance(cert, Split):
            return Split(cert.constraint, self.certificate(cert.below), self.certificate(cert.above), cert.whole)
        if not isinstance(cert, Farkas):  # pragma: no cover - rationals without != give Farkas only
            raise TypeError(f"unexpected certificate {cert!r}")
        items = []
        for c, m in cert.terms:
            bound = self.bounds.get(id(c))
            if bound is None:
                c = self.original.get(id(c), c)
                items.append(((c, _SIGN[c.op]), m))
                continue
            one, upper = bound
            # m * (sum - high) for an upper bound, m * (low - sum) for a lower one: term by term,
            # a * (v - its high) or a * (its low - v) for a > 0, the other end for a < 0
            for v, a in one.terms:
                low, high = one.reasons[v]
                if (a > 0) == upper:
                    items.append((high[1], m * abs(a)))
                else:
                    items.append((low[1], m * abs(a)))
        return build_farkas(items)

    def model(self, values: dict) -> dict:
        """The problem's values from the reduced problem's: each lump's value spread over its
        variables, each within its box (:func:`_spread`)."""
        out = dict(values)
        for one in self.lumps:
            out.update(_spread(out.pop(one.name), one))
        return out

    def ranges(self, found: dict) -> dict:
        """The problem's ranges from the reduced problem's (a lump's range is its sum's): the range
        of a lumped variable is the projection of its box, with the others' boxes, onto the lump's
        range (exact: a sum of boxes takes every value between its ends).  A lump's ``None`` is each
        of its variables'."""
        out = dict(found)
        for one in self.lumps:
            r = out.pop(one.name)
            if r is None:
                for v, _ in one.terms:
                    out[v] = None
                continue
            low = None if r.low is None else (r.low, 1 if r.low_open else 0)
            high = None if r.high is None else (r.high, -1 if r.high_open else 0)
            lo = {v: b[0][0] for v, b in one.reasons.items() if b[0] is not None}
            hi = {v: b[1][0] for v, b in one.reasons.items() if b[1] is not None}
            projected = _project(tuple(one.terms), lo, hi, low, high)
            if projected is None:  # pragma: no cover - the lump's range is within the sum of the boxes
                raise AssertionError("a lump's range outside its bounds")
            out.update(projected)
        return out


def lump(cons: list[Constraint], integers: frozenset[str], least: int | None = None):
    """A box cut by a few relations, reduced: the variables of each linear form that are in no
    other form and in no constraint but bounds (its *own* variables: the shares of
    ``sum(share.*) = 100%`` that the newspaper does not add up) are one variable, bounded by the
    range of their sum over their boxes.  The rest -- the forms and the variables in more than one
    -- is left to the general path, small now.  Exact over the rationals: a sum of boxes takes
    every value between its ends (open when one of the ends it is made of is), so the reduced
    problem has a solution exactly when the problem has, its ranges are the problem's, and a
    lump's bounds unfold into the bounds they sum (:meth:`Reduced.certificate`).

    :class:`Reduced`; ``(False, certificate)`` when a lumped variable's box is empty; None when the
    problem is not of this shape (a whole quantity, a ``!=``, a constraint on no quantity) or fewer
    than ``least`` variables (:data:`LEAST`) would be lumped.  (:class:`~.lumps.Lumps` gives the same
    for many selections of one problem's claims, each from the last.)
    """
    shape = boxes_and_forms(cons, integers)
    if shape is None:
        return None
    lo, hi, forms = shape
    own = own_terms(forms, least)
    if own is None:
        return None
    lumps: list[Lump] = []
    for i, key in enumerate(own):
        terms = own[key]
        reasons = {}
        low, high = _Sum(), _Sum()
        for v, a in terms:
            l, h = lo.get(v), hi.get(v)
            if l is not None and h is not None and l[0] > h[0]:  # an empty box: its two bounds
                return empty_box(l, h)
            reasons[v] = (l, h)
            add_term(low, high, a, l, h, 1)
        lumps.append(Lump(lump_name(i), terms, low.value(), high.value(), reasons))
    by_key = dict(zip(own, lumps))
    lumped = {v for one in lumps for v in one.reasons}
    out: list[Constraint] = []
    original: dict[int, Constraint] = {}
    for c in cons:
        kept = reduced_constraint(c, lumped, by_key, original)
        if kept is not None:
            out.append(kept)
    return Reduced(out, lumps, original, lump_bounds(lumps, out))


def boxes_and_forms(cons: list[Constraint], integers: frozenset[str]):
    """:func:`lump`'s first pass: ``(lo, hi, forms)``, each variable's tightest bounds (the first
    of equal ones: ``(delta value, reason)``) and each linear form's constraints (by form, in the
    order met); None when a constraint is of no shape :func:`lump` takes."""
    lo: dict[str, tuple] = {}
    hi: dict[str, tuple] = {}
    forms: dict[tuple, list[Constraint]] = {}
    for c in cons:
        if c.op == "!=" or not c.coeffs:
            return None
        if integers and not integers.isdisjoint(v for v, _ in c.coeffs):
            return None  # at the first whole quantity, not after a pass over all (a check of 100,000 dated counts)
        co, _, key, _, up, low = prep(c)
        if len(co) == 1:
            if up is not None:
                h = hi.get(key)
                if h is None or up[0] < h[0]:
                    hi[key] = up
            if low is not None:
                l = lo.get(key)
                if l is None or low[0] > l[0]:
                    lo[key] = low
            continue
        same = forms.get(key)
        if same is None:
            forms[key] = [c]
        else:
            same.append(c)
    return lo, hi, forms


def own_terms(forms, least: int | None = None) -> dict[tuple, list] | None:
    """Each form's own terms (its variables in no other form), by form in sorted order, for the forms
    with two or more; None when fewer than ``least`` (:data:`LEAST`) variables are in forms or are
    lumped."""
    if least is None:
        least = LEAST
    where: dict[str, object] = {}  # variable -> its one form, or True when in several
    for key in forms:
        for v, _ in key:
            w = where.get(v)
            where[v] = key if w is None else True
    if len(where) < least:
        return None
    own: dict[tuple, list] = {}
    count = 0
    for key in sorted(forms):  # (numbered by form, not by the order of the lines)
        terms = [(v, a) for v, a in key if where[v] is key]
        if len(terms) >= 2:
            own[key] = terms
            count += len(terms)
    return own if count >= least else None


def lump_name(i: int) -> str:
    return f"\x00lump{i}"


def empty_box(l: tuple, h: tuple) -> tuple:
    """``(False, certificate)`` of a lumped variable whose bounds cross: its two bounds."""
    return False, build_farkas([(l[1], 1), (h[1], 1)])


def add_term(low: _Sum, high: _Sum, a: int, l, h, times: int) -> None:
    """Add (``times`` 1) or take away (-1) ``a * v`` with ``v`` in ``[l, h]`` to a lump's ends."""
    if a > 0:
        low.add(a * times, l, times)
        high.add(a * times, h, times)
    else:
        low.add(a * times, h, times)
        high.add(a * times, l, times)


def reduced_constraint(c: Constraint, lumped, by_key: dict, original: dict) -> Constraint | None:
    """``c`` in the reduced problem: None for a bound on a lumped variable (it is in its lump's
    bounds), ``c`` rewritten on its form's lump (noted in ``original``), or ``c`` as it is."""
    co, _, key, k, _, _ = prep(c)
    if len(co) == 1:
        return None if key in lumped else c
    one = by_key.get(key)
    if one is None:
        return c
    # c is k * (its form): the lumped terms are k * the lump
    coeffs = [(v, a) for v, a in c.coeffs if v not in one.reasons]
    coeffs.append((one.name, Fraction(k)))
    r = Constraint(tuple(sorted(coeffs)), c.op, c.rhs, c.label)
    original[id(r)] = c
    return r


def lump_bounds(lumps: list[Lump], out: list[Constraint]) -> dict[int, tuple]:
    """Each lump's bounds appended to ``out``; ``{id of a bound: (lump, upper)}``."""
    bounds: dict[int, tuple] = {}
    for one in lumps:
        for end, upper in ((one.low, False), (one.high, True)):
            if end is None:
                continue
            strict = end[1] != 0
            op = ("<" if strict else "<=") if upper else (">" if strict else ">=")
            b = Constraint(((one.name, ONE),), op, Fraction(end[0]), ASSUMPTION)
            bounds[id(b)] = (one, upper)
            out.append(b)
    return bounds


class _Sum:
    """A sum of ``a * end`` (an end a delta value with its reason, or None: unbounded), kept as
    whole numerators by denominator: adding thousands of Fractions one by one was most of a check.
    A term may be taken away again (``times`` -1)."""

    __slots__ = ("parts", "delta", "unbounded")

    def __init__(self) -> None:
        self.parts: dict[int, int] = {}
        self.delta = 0
        self.unbounded = 0  # how many terms are unbounded

    def copy(self) -> _Sum:
        out = _Sum()
        out.parts, out.delta, out.unbounded = dict(self.parts), self.delta, self.unbounded
        return out

    def add(self, a: int, end, times: int = 1) -> None:
        if end is None:
            self.unbounded += times
            return
        (x, d), _ = end
        if type(x) is int:
            num, den = a * x, 1
        else:
            num, den = a * x.numerator, x.denominator
        parts = self.parts
        parts[den] = parts.get(den, 0) + num
        self.delta += a * d

    def value(self) -> tuple | None:
        if self.unbounded:
            return None
        total = sum((Fraction(n, d) for d, n in self.parts.items()), Fraction(0))
        return (total.numerator if total.denominator == 1 else total), self.delta


def _spread(value: Fraction, one: Lump) -> dict[str, Fraction]:
    """Values of the lump's variables, each within its box, whose sum is ``value`` (a value within
    the lump's bounds).  Each starts inside its box (the middle; one past a single end; 0 with no
    end); then all move together toward the ends that bring the sum to ``value``, by one fraction
    ``t`` of their way there -- or one variable with no end that way moves alone.  ``t < 1`` keeps
    every variable off an open end; ``t = 1`` only when ``value`` is the lump's closed end.
    Worked out in whole numbers: every end times one common denominator (twice it, for the middles)."""
    terms = one.terms
    reasons = one.reasons
    den = 2 * Fraction(value).denominator
    for v, _ in terms:
        for end in reasons[v]:
            if end is not None and type(end[0][0]) is not int:
                den = lcm(den, 2 * end[0][0].denominator)

    def whole(x) -> int:
        return x * den if type(x) is int else x.numerator * (den // x.denominator)

    start = {}
    total = 0
    for v, a in terms:
        l, h = reasons[v]
        if l is not None and h is not None:
            p = (whole(l[0][0]) + whole(h[0][0])) // 2  # (whole: den is even)
        elif l is not None:
            p = whole(l[0][0]) + den
        elif h is not None:
            p = whole(h[0][0]) - den
        else:
            p = 0
        start[v] = p
        total += a * p
    rest = whole(Fraction(value)) - total
    if not rest:
        return {v: Fraction(p, den) for v, p in start.items()}
    room = 0
    ends = {}
    for v, a in terms:
        l, h = reasons[v]
        end = h if (a > 0) == (rest > 0) else l
        if end is None:
            out = {u: Fraction(p, den) for u, p in start.items()}
            out[v] = Fraction(start[v] * a + rest, den * a)
            return out
        ends[v] = e = whole(end[0][0])
        room += abs(a) * abs(e - start[v])
    size = abs(rest)
    if not room or size > room:  # pragma: no cover - the value is within the lump's bounds
        raise AssertionError("a lump's value outside its bounds")
    # start + (size / room) * (end - start), over den
    return {v: Fraction(start[v] * room + size * (ends[v] - start[v]), den * room) for v, _ in terms}
