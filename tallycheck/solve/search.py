"""The integer search: branch and bound over one simplex, with exact jumps for ratios.

A :class:`Search` owns one :class:`~.simplex.Simplex` for one component.  The tree is
walked with an explicit stack (no recursion, no depth limit: only ``max_nodes`` and
``timeout`` stop it).  Every step pushes bounds and pops them, so one tableau serves
every node.  At a node whose rational relaxation is feasible but not whole:

0. **A pinned ``!=``.**  A ``!=`` whose excluded value sits on a bound of its form (or, at the
   root's relaxation, at an end of what its form can be) is split first: one case fails at
   once and the other tightens the form (``homes <= 2·killed``, ``homes != 2·killed``: ``homes
   <= 2·killed - 1``), or both fail.
1. **Gaps.**  An *integral form* -- the linear form of constraints whose variables are
   all whole, scaled to coprime integer coefficients -- whose bounds hold no whole
   number is branched on first: both cases fail at once (``2x - 2y = 1``, ``2 < x + y <
   3``).  At the root, the equalities among whole quantities are also combined (the
   lattice test of the Hermite normal form, complete for equalities): ``x = 2y`` and ``x =
   2z + 1`` give ``y - z = -1/2``, a gap.
2. **Ratios.**  Each pair of whole quantities held in a ratio by rounding (``a·T ≤ R ≤
   b·T``: a share or mean of counts) jumps its base ``T`` to the nearest value that
   admits a whole ``R`` (:mod:`.ratio`, exact continued-fraction descent), and the part
   ``R`` likewise.  The values jumped over are proved empty by a :class:`~.certificates.Scan`.
   53.83% of a total needs a total of at least 366: one step, not 366 levels of branches.
3. **Branch** on a whole variable whose value is fractional, the most fractional first and,
   among those, the one in most constraints (a total before its parts, not the order of
   their names): the nearer side first.
4. **Split** a ``!=`` whose form sits exactly on its excluded value at a whole vertex.

What the search decides does not depend on the names of quantities or the order of
constraints (they change only which proof is found): every step is exact and the tree
is exhausted unless a limit stops it, and then the answer is "unknown", never a guess.

Decisions first search without writing proofs (most end in a solution): best first
toward the smallest ratio base when there are ratios (among equal promises, the node whose
vertex has the least sum of the whole quantities), else toward the least sum of the whole
quantities; when the tree is exhausted they walk it again depth first, writing the
certificate.  Ranges
(:meth:`Search.optimum`) are best first, whole solutions found kept as incumbents.
"""

from __future__ import annotations

from fractions import Fraction
from heapq import heappop, heappush
from itertools import chain
from math import gcd, lcm
from typing import Callable

from ..numbers.interval import Interval
from .budget import BudgetExceeded, Limits
from .certificates import ASSUMPTION, SCAN_LIMIT, Branch, Scan, Split, build_farkas, primitive, whole_form
from .linear import bounds_of, ceil_delta, floor_delta, is_integral, prep
from .num import div
from .problem import Constraint, relation_holds
from .ratio import first_base, last_base, ratio_interval, ratio_sides
from .simplex import Simplex

ONE = Fraction(1)
_OTHER = (2, 0)  # the branching rank of a whole variable in no ratio
#: branches on one quantity after which it yields its rank to those branched on less (see _fractional)
LADDER = 16


class Unbounded(Exception):
    pass


def render(coeffs: tuple[tuple[str, Fraction], ...]) -> str:
    """``x - 2*y``: a readable name for a branched form (joined once: a form may have
    thousands of terms)."""
    parts = []
    for v, a in coeffs:
        mag = abs(a)
        term = v if mag == 1 else f"{mag}*{v}"
        if not parts:
            parts.append(f"-{term}" if a < 0 else term)
        else:
            parts.append(f"{'-' if a < 0 else '+'} {term}")
    return " ".join(parts)


class _Pair:
    """``a·T ≤ R ≤ b·T`` for whole ``R`` (``part``) and ``T`` (``base``): the constraints that say so."""

    __slots__ = ("part", "a", "a_open", "b", "b_open", "cons")

    def __init__(self, part, a, a_open, b, b_open, cons):
        self.part = part
        self.a, self.a_open, self.b, self.b_open = a, a_open, b, b_open
        self.cons = cons


#: most equalities in the lattice test at the root (:func:`_equality_gap`: cubic in the worst case)
EQUALITY_ROWS = 300
DIVE = 64  # nodes of depth first before best first (Search._dive)

#: most whole values a base is stepped through, one by one, to find one whose parts add up
SUM_STEPS = 100_000
#: most jumps taken to find a value that every part of a nested base admits (_Base.admitted):
#: its parts' whole values are rarely far apart, and a cut left weaker is never a wrong one
JUMPS = 1_000


class _Base:
    """A whole quantity that is the base of ratios: every part held in a ratio to it.

    ``total``: when a definition makes the base the sum of some of its parts and, maybe, of
    other whole quantities (``T = p1 + p2 + p3 + r1 + c``), ``(positions of those parts in
    pairs, c, the constraint, the others)``: whole parts in their intervals, and the others
    within their bounds at the node (``rest``), must then also add up to the base.  A scan
    rests on the definition (``cons``) when the sum has no other terms; with others, it is
    looked at only when the parts alone leave no jump (see :meth:`Search._jump`).
    """

    __slots__ = ("base", "pairs", "members", "name", "parts", "cons", "total", "written", "rest", "rest_names", "tied",
                 "period", "low_period")

    def __init__(self, base: int, pairs: list[_Pair], names: list[str], total, written: bool) -> None:
        self.base = base
        self.written = written  # the claims write it as a base (``part = r × base``)
        self.pairs = pairs
        self.members = [base] + [p.part for p in pairs]
        self.name = names[base]
        self.parts = tuple(names[p.part] for p in pairs)
        self.rest = total[3] if total else ()  # the sum's whole terms held in no ratio to the base
        self.rest_names = tuple(names[j] for j in self.rest)
        self.tied = None  # (step, residue) of the sum of the rest, when equalities tie its terms (_tied)
        # when the parts of the sum are held at most (at least) at closed ratios adding up to 1:
        # the lcm of those ratios' denominators (see fit)
        self.period = self.low_period = None
        if total:
            ends = [pairs[i] for i in total[0]]
            self.period = _period([(p.b, p.b_open) for p in ends])
            self.low_period = _period([(p.a, p.a_open) for p in ends])
        self.total = total
        self.cons = tuple(c for p in pairs for c in p.cons) + ((total[2],) if total and not self.rest else ())

    def fit(self, t: int, nested: dict | None = None, rest: tuple | None = (0, 0), up: bool = True) -> int | None:
        """``t`` when base ``t`` admits whole parts: each in its interval, and those of the sum
        adding up to it with its other terms, whose sum lies within ``rest`` (least and most,
        None: no end; ``rest`` None: the parts alone, the sum left out; ``(least, most, step,
        residue)``: a sum that is also ``residue`` modulo ``step``, see :func:`_tied`).  When it
        does not, the nearest base beyond ``t`` that may (above it when ``up``, else below):
        ``t ± 1``, or further when a nested base leaves no value between or the parts' ends add
        up to the base only at multiples of a period; None when no base beyond may.

        With ``nested`` (base -> :class:`_Base`), a part that is itself the base of ratios (a
        mean over a share's count, a share of a share) must also admit whole parts of its
        own, one level deeper: the values of the part that do are found by the same jumps
        (:meth:`admitted`), and the bases whose interval for the part holds none of them are
        jumped over.  (A whole 24.99% of ``extra`` needs an ``extra`` of 1,669 or more, and
        ``extra = 5% of victims`` a ``victims`` of 30,346 or more: the search stepped from 19 to
        6,510 one value at a time, at every node, 4.4 s for four claims.)
        """
        lows = []
        highs = []
        for p in self.pairs:
            lo = _lowest(p.a * t, p.a_open)
            hi = _highest(p.b * t, p.b_open)
            if lo > hi:
                return t + 1 if up else t - 1
            inner = None if nested is None else nested.get(p.part)
            if inner is not None:
                first = inner.admitted(lo, hi, self.base, True)
                if first is None:  # no value of the part in lo..hi: beyond, the nearest base whose interval reaches one
                    if up:
                        more = inner.admitted(max(lo, 1), None, self.base, True)
                        if more is None or p.b == 0:
                            return None
                        return max(t + 1, _lowest(more / p.b, p.b_open))
                    less = inner.admitted(1, hi, self.base, False)
                    if less is None:
                        return None
                    return t - 1 if p.a == 0 else min(t - 1, _highest(less / p.a, p.a_open))
                last = inner.admitted(first, hi, self.base, False)
                if last is None:  # (``first`` a bound after JUMPS jumps, and none after it)
                    return t + 1 if up else t - 1
                lo, hi = first, last
            lows.append(lo)
            highs.append(hi)
        if self.total is None or rest is None:
            return t
        at, c, _, _ = self.total
        want = t - c
        least, most = rest[0], rest[1]
        if len(rest) == 2:
            short = most is not None and want > sum(highs[i] for i in at) + most  # the parts cannot reach it
            over = least is not None and sum(lows[i] for i in at) + least > want  # nor stay under it
            if not short and not over:
                return t
            # The parts' upper ends add up to the base exactly (95.14% + 4.85%, each rounded up
            # to 95.145% and 4.855%, closed): their whole values reach it only where every end is
            # whole, at multiples of the period, when the definition's constant and the other
            # terms leave no room (``slack`` 0), and nowhere when they take some (below 0).  The
            # same of lower ends (50.01% + 50.00%, rounded down to 50.005% and 49.995%).
            period, slack = (self.period, c + most) if short else (self.low_period, -c - least)
            if period is not None and slack <= 0:
                if slack < 0:
                    return None
                return (t // period + 1) * period if up else (t - 1) // period * period
            return t + 1 if up else t - 1
        # the other terms tied (:func:`_tied`): their sum is ``residue`` modulo ``step``
        step, residue = rest[2], rest[3]
        r = want - sum(highs[i] for i in at)
        if least is not None and least > r:
            r = least
        r += (residue - r) % step  # the least sum of the other terms that can be, from there
        if r <= want - sum(lows[i] for i in at) and (most is None or r <= most):
            return t
        return t + 1 if up else t - 1

    def admitted(self, low: int, high: int | None, skip: int, up: bool) -> int | None:
        """The least (``up``) or the most whole ``v >= 1`` in ``low .. high`` (None: no end;
        ``up`` only) for which each part but ``skip`` has a whole value in its interval; None:
        none.  Each part's first (last) such value is a jump (:func:`~.ratio.first_base`), taken
        until they agree; after :data:`JUMPS` jumps, the value reached, which no value passed
        over admits (a bound, not the value: a weaker cut, never a wrong one)."""
        pairs = [p for p in self.pairs if p.part != skip]
        t = max(low, 1) if up else high
        if t is None or (high is not None and t > high) or t < max(low, 1):
            return None
        for _ in range(JUMPS):
            nxt = t
            for p in pairs:
                f = (first_base if up else last_base)(p.a, p.a_open, p.b, p.b_open, t)
                if f is None:
                    return None
                nxt = max(nxt, f) if up else min(nxt, f)
            if nxt == t:
                return t
            if (up and high is not None and nxt > high) or (not up and nxt < max(low, 1)):
                return None
            t = nxt
        return t

    def first(self, low: int, high: int | None, nested: dict | None = None, rest: tuple | None = (0, 0),
              tick: Callable[[], None] | None = None) -> int | None:
        """A base ``>= low`` below which (down to ``low``) no value admits whole parts: the smallest
        that does, unless the search for it stopped after :data:`SUM_STEPS`; None: none up to ``high``.
        ``tick`` is called at each step past the parts' own jumps (the search's clock: stepping
        through 100,000 bases with nested parts took 8 s past a budget of 5)."""
        t = low
        steps = 0
        while True:
            nxt = t
            for p in self.pairs:
                f = first_base(p.a, p.a_open, p.b, p.b_open, t)
                if f is None:
                    return None
                nxt = max(nxt, f)
            if high is not None and nxt > high:
                return None
            if nxt == t:
                if ((self.total is None or rest is None) and nested is None) or steps >= SUM_STEPS:
                    return t
                nxt = self.fit(t, nested, rest, True)
                if nxt == t:
                    return t
                steps += 1
                if tick is not None:
                    tick()
                if nxt is None or (high is not None and nxt > high):
                    return None
            t = nxt

    def last(self, low: int, high: int, nested: dict | None = None, rest: tuple | None = (0, 0),
             tick: Callable[[], None] | None = None) -> int | None:
        """The mirror of :meth:`first`: a base ``<= high`` above which no value admits whole parts."""
        t = high
        steps = 0
        while t >= low:
            nxt = t
            for p in self.pairs:
                f = last_base(p.a, p.a_open, p.b, p.b_open, t)
                if f is None:
                    return None
                nxt = min(nxt, f)
            if nxt == t:
                if ((self.total is None or rest is None) and nested is None) or steps >= SUM_STEPS:
                    return t
                nxt = self.fit(t, nested, rest, False)
                if nxt == t:
                    return t
                steps += 1
                if tick is not None:
                    tick()
                if nxt is None:
                    return None
            t = nxt
        return None


def _period(ends: list[tuple]) -> int | None:
    """The lcm of the denominators of closed ratio ends ``(r, open)`` that add up to 1; None if they do not."""
    if any(r is None or is_open for r, is_open in ends) or sum(r for r, _ in ends) != 1:
        return None
    period = 1
    for r, _ in ends:
        period = lcm(period, Fraction(r).denominator)
    return period


def _lowest(x: Fraction, is_open: bool) -> int:
    """The smallest whole number ``>= x`` (``> x`` when open)."""
    n = x.numerator // x.denominator
    return n + 1 if is_open or n < x else n


def _highest(x: Fraction, is_open: bool) -> int:
    """The largest whole number ``<= x`` (``< x`` when open)."""
    n = x.numerator // x.denominator
    return n - 1 if is_open and n == x else n


def _sum_of_parts(cons: list[Constraint], base: str, parts: list[str], others: dict[str, int] | None = None):
    """The definition ``base = sum of some parts + c`` among ``cons`` (coefficients ±1):
    ``(positions, c, constraint, ())``.  With ``others`` (whole quantities -> their index),
    the sum may also hold some of them, in no ratio to the base (``returned = west + swap +
    children`` beside shares of ``west`` and ``swap`` alone): their indices come last."""
    where = {p: i for i, p in enumerate(parts)}
    for c in cons:
        if c.op != "=" or len(c.coeffs) < 2:
            continue
        co = dict(c.coeffs)
        sb = co.get(base)
        if sb not in (1, -1):
            continue
        terms = [v for v in co if v != base]
        if not all(co[v] == -sb and (v in where or (others is not None and v in others)) for v in terms):
            continue
        at = [where[v] for v in terms if v in where]
        if at:
            rest = () if others is None else tuple(sorted(others[v] for v in terms if v not in where))
            return tuple(sorted(at)), Fraction(c.rhs) / sb, c, rest
    return None


def _tied(cons: list[Constraint], integers: frozenset[str], rest: tuple[str, ...]) -> tuple[int, int] | None:
    """``(step, residue)``: the sum of the quantities ``rest`` is ``residue`` modulo ``step``
    whenever the equalities ``x - y = c`` (whole ``x``, ``y`` and ``c``) among ``cons`` hold;
    None when they say nothing of it (``step`` 1).

    The equalities tie the terms into groups, each term its group's first plus a constant;
    the sum is then ``n1·x1 + n2·x2 + ... + C``, a multiple of ``gcd(n1, n2, ...)`` plus ``C``.
    ``undecided = no`` beside ``turnout = yes + no + undecided`` makes ``turnout - yes`` even:
    a rounded share of ``turnout`` found no ``yes`` there, and the search climbed the total one
    value at a time (``yes = 33.332% of turnout``: unknown after 5 s, the least turnout 36,365).
    """
    parent: dict[str, tuple[str, int]] = {}  # quantity -> (another, the quantity minus it)

    def find(v: str) -> tuple[str, int]:
        off = 0
        while v in parent:
            v, d = parent[v]
            off += d
        return v, off

    for c in cons:
        if c.op != "=" or len(c.coeffs) != 2 or Fraction(c.rhs).denominator != 1:
            continue
        (x, a), (y, b) = c.coeffs
        if a + b != 0 or abs(a) != 1 or x not in integers or y not in integers:
            continue
        if a < 0:
            x, y = y, x
        (rx, ox), (ry, oy) = find(x), find(y)  # x - y = rhs
        if rx != ry:
            parent[rx] = (ry, oy + int(c.rhs) - ox)
    counts: dict[str, int] = {}
    residue = 0
    for v in rest:
        root, off = find(v)
        counts[root] = counts.get(root, 0) + 1
        residue += off
    step = 0
    for n in counts.values():
        step = gcd(step, n)
    return (step, residue % step) if step > 1 else None


def _ratio_bases(cons: list[Constraint], index: dict[str, int], integers: frozenset[str]) -> list[_Base]:
    """Every whole quantity whose ratio to another whole quantity the constraints bound, with its parts."""
    found: dict[tuple[str, str], list[Constraint]] = {}
    for c in cons:
        if len(c.coeffs) != 2 or c.op == "!=" or c.rhs != 0:
            continue
        (u, _), (v, _) = c.coeffs
        if u in integers and v in integers:
            found.setdefault((u, v), []).append(c)
            found.setdefault((v, u), []).append(c)
    by_base: dict[str, list[_Pair]] = {}
    for (part, base), group in sorted(found.items()):
        a, a_open, b, b_open = ratio_interval(group, part, base)
        if (a is None and b is None) or (a is not None and a < 0):
            continue
        # the constraints that give the two ends (what a Scan of this pair rests on)
        used = []
        for c in group:
            for upper, r, is_open in ratio_sides(c, part, base):
                if (upper and (r, is_open) == (b, b_open)) or (not upper and (r, is_open) == (a, a_open)):
                    if c not in used:
                        used.append(c)
                    break
        by_base.setdefault(base, []).append(_Pair(index[part], a, a_open, b, b_open, tuple(used)))
    names = sorted(index, key=index.get)
    for base, pairs in list(by_base.items()):
        by_base[base] = _closed(cons, base, pairs, names) or [p for p in pairs if p.a is not None and p.b is not None]
        if not by_base[base]:
            del by_base[base]
    # A share or mean is written "part = r × base": the part's coefficient is 1, the base's is not.
    # Bases written so come first (their scans read as the claim does), the reversed readings after.
    written = {v for c in cons if len(c.coeffs) == 2 for (v, a), (w, b) in (c.coeffs, c.coeffs[::-1]) if abs(b) == 1 != abs(a)}
    order = sorted(by_base.items(), key=lambda item: (item[0] not in written, item[0]))
    wholes = {v: i for v, i in index.items() if v in integers}  # (``integers`` may be a whole component's)
    out = [
        _Base(index[base], pairs, names, _sum_of_parts(cons, base, [names[p.part] for p in pairs])
              or _sum_of_parts(cons, base, [names[p.part] for p in pairs], wholes), base in written)
        for base, pairs in order
    ]
    for g in out:
        if len(g.rest) > 1:
            g.tied = _tied(cons, integers, g.rest_names)
    return out


def _closed(cons: list[Constraint], base: str, pairs: list[_Pair], names: list[str]) -> list[_Pair] | None:
    """The pairs of a base that is the sum of its parts, each part given both ends of its ratio.

    A part bounded on one side only (``one_a >= 33% of women`` under ``women = one_a +
    two_b``) takes the other end from the rest: ``one_a = women - two_b <= (1 - 0.67)·women``
    when ``two_b >= 67% of women``.  The ends are implied, not written: the scan of the
    base (``Scan``) rests on the definition and the others' bounds, which its check
    reads as a sum.  None when the sum has no constant-free definition or some part
    still lacks an end.
    """
    if all(p.a is not None and p.b is not None for p in pairs):
        return None
    total = _sum_of_parts(cons, base, [names[p.part] for p in pairs])
    if total is None or total[1] != 0:
        return None
    at = set(total[0])
    out = []
    for i, p in enumerate(pairs):
        if i not in at:
            if p.a is not None and p.b is not None:
                out.append(p)
            continue
        a, a_open, b, b_open = p.a, p.a_open, p.b, p.b_open
        others = [pairs[k] for k in at if k != i]
        if b is None:
            if any(o.a is None for o in others):
                return None
            b, b_open = 1 - sum(o.a for o in others), any(o.a_open for o in others)
        if a is None:
            if any(o.b is None for o in others):
                return None
            a, a_open = 1 - sum(o.b for o in others), any(o.b_open for o in others)
            if a < 0:
                return None
        out.append(_Pair(p.part, a, a_open, b, b_open, p.cons))
    return out


def _free_parts(cons: list[Constraint], index: dict[str, int], integers: frozenset[str]) -> frozenset[int]:
    """The whole quantities that one constraint alone ties to others, a sum of whole terms
    (coefficients ±1, a whole constant), and that have no other constraint but whole bounds
    of their own: ``adults`` and ``minors`` of ``north = adults + minors`` when nothing else
    names them (``children != 0`` is not free: where the sum leaves it matters).  Whole
    values of the rest leave such a sum a whole number to share out, so a free part is
    branched on only when nothing else is fractional (see :meth:`Search._fractional`)."""
    ties: dict[str, list[Constraint]] = {}
    held = set()  # quantities with a bound of their own that is not a whole number's, or a !=
    for c in cons:
        if len(c.coeffs) > 1:
            for v, _ in c.coeffs:
                ties.setdefault(v, []).append(c)
        elif c.coeffs and (c.op == "!=" or (Fraction(c.rhs) / c.coeffs[0][1]).denominator != 1):
            held.add(c.coeffs[0][0])
    out = set()
    for v, found in ties.items():
        if v in integers and len(found) == 1 and v not in held:
            c = found[0]
            if (c.op == "=" and Fraction(c.rhs).denominator == 1
                    and all(a in (1, -1) and w in integers for w, a in c.coeffs)):
                out.add(index[v])
    return frozenset(out)


class Search:
    __slots__ = (
        "names", "index", "sx", "ints", "int_set", "integral", "derived", "total", "ne", "root_conflict", "root_gap",
        "limits", "cons", "best", "int_entries", "int_slot", "certify", "bases", "by_base", "rank", "goal", "pool", "degree", "edges",
        "branched", "free", "integers",
    )

    def __init__(self, cons: list[Constraint], integers: frozenset[str], limits: Limits) -> None:
        names = sorted({v for c in cons for v, _ in c.coeffs})
        index = {v: i for i, v in enumerate(names)}
        n = len(names)
        forms: list[dict[int, Fraction]] = []
        form_slot: dict[tuple, int] = {}
        bounds = []
        ne = []
        for c in cons:
            co, _, key, k, up, low = prep(c)
            if len(co) == 1:
                var = index[key]
            else:
                var = form_slot.get(key)
                if var is None:
                    var = n + len(forms)
                    form_slot[key] = var
                    forms.append({index[v]: a for v, a in key})
            if c.op == "!=":
                ne.append((c, var, k))
            else:
                bounds.append((var, up, low))

        def row(coeffs) -> int:
            """The simplex variable of a form (one of its rows), added when no constraint has it."""
            key = prep(Constraint(tuple(coeffs), "<=", ONE, ASSUMPTION))[2]
            slot = form_slot.get(key)
            if slot is None:
                slot = form_slot[key] = n + len(forms)
                forms.append({index[v]: a for v, a in key})
            return slot

        # a real quantity defined as a form of whole ones (``net = gain - loss``) holds whole
        # values of that form only: the form gets a row of its own, branched on when fractional
        # (``net = -0.6`` has no whole ``gain - loss``; branching on ``gain`` and ``loss``
        # alone climbs a ladder without end)
        derived = set()
        for c in cons:
            if c.op == "=" and len(c.coeffs) > 2 and integers:
                reals = [v for v, _ in c.coeffs if v not in integers]
                if len(reals) == 1:
                    derived.add(row(x for x in c.coeffs if x[0] != reals[0]))
        # the sum of the whole quantities: a decision without ratios looks for the whole solution
        # of least total first (best first), so that no branch climbs a ladder without end
        # while a smaller solution waits on the other side of an earlier branch
        whole = sorted(v for v in names if v in integers)
        total = row((v, ONE) for v in whole) if len(whole) > 1 else None
        self.total = total
        self.names = names
        self.index = index
        self.cons = cons
        self.integers = integers
        self.limits = limits
        sx = self.sx = Simplex(n, forms, limits)
        self.ints = [index[v] for v in names if v in integers]
        self.int_set = frozenset(self.ints)
        # (simplex variable, scale, integer coefficients, display): value * scale must be integral
        integral = []  # integral forms (slack rows), checked for a gap between their bounds
        if self.ints:
            for form, slot in form_slot.items():
                if all(v in integers for v, _ in form):
                    g, co = primitive(sorted(dict(form).items()))
                    integral.append((slot, 1 / g, co, render(co)))
            integral.sort(key=lambda e: e[0])
        self.integral = integral
        self.derived = [entry for entry in integral if entry[0] in derived]
        self.int_entries = [(j, ONE, ((names[j], ONE),), names[j]) for j in self.ints]
        self.int_slot = {j: i for i, j in enumerate(self.ints)}
        self.ne = ne
        self.bases = _ratio_bases(cons, index, integers) if len(self.ints) >= 2 else []
        self.by_base = {g.base: g for g in self.bases}
        # branching order: the bases of ratios, those with most parts first; then parts; then the rest
        self.rank = {}
        for g in self.bases:
            for p in g.pairs:
                self.rank.setdefault(p.part, (1, 0))
        for g in self.bases:
            self.rank[g.base] = (0, -len(g.pairs))
        # in how many constraints each quantity appears (see _fractional)
        self.degree = [0] * n
        for c in cons:
            for v, _ in c.coeffs:
                self.degree[index[v]] += 1
        self.branched = [0] * n  # branches on each quantity so far (see _fractional)
        self.free = _free_parts(cons, index, integers)
        self.best = None
        self.goal = None  # (variable, sense) while optimising: where the vertex belongs
        self.pool: list[dict] = []  # whole solutions found (incumbents for the next optimisation)
        self.certify = True
        conflict = None
        for var, up, low in bounds:
            if up is not None:
                conflict = sx.assert_upper(var, up[0], up[1])
                if conflict:
                    break
            if low is not None:
                conflict = sx.assert_lower(var, low[0], low[1])
                if conflict:
                    break
        sx.trail.clear()  # root bounds are never popped
        self.root_conflict = conflict
        self.root_gap = None if conflict or len(self.ints) < 2 else _equality_gap(cons, integers)
        self.edges = set(self._edges()) if ne and conflict is None and self.root_gap is None else set()

    def _edges(self) -> frozenset[int]:
        """The ``!=`` (by position) whose excluded value is at an end of what the root's relaxation
        allows their form: one case of their split is infeasible (``minors != 100% of rural`` with
        ``rural = adults + minors`` leaves only ``adults >= 1``).  Two optimisations each."""
        sx = self.sx
        if sx.check() is not None:
            return frozenset()
        out = set()
        for i, (c, var, k) in enumerate(self.ne):
            high, low = sx.optimize(var, 1), sx.optimize(var, -1)
            for _, up, lw in self._split(c, var, k)[1]:
                if (lw is not None and high is not None and high < lw[0]) or (
                        up is not None and low is not None and low > up[0]):
                    out.add(i)
        return frozenset(out)

    # -- feasibility ----------------------------------------------------------

    def solve(self) -> tuple[bool, object]:
        """(True, model) or (False, certificate); raises BudgetExceeded."""
        if self.root_conflict is not None:
            return False, build_farkas(self.root_conflict)
        if self.root_gap is not None:
            return False, self.root_gap
        if not self.ints and not self.ne:
            conf = self.sx.check()  # one simplex check: no tree
            return (False, build_farkas(conf)) if conf is not None else (True, self._model())
        # Search without building certificates first (most searches end in a solution);
        # when the tree is exhausted, walk it again, this time writing the proof -- from a
        # fresh start (the tableau and the branch counts as built), so that the proof depends
        # on the problem only, never on the path the first search took.
        self.certify = False
        ok, res = self._first_solution()
        if ok:
            return ok, res
        proof = Search(self.cons, self.integers, self.limits.fresh())
        return proof._walk()

    def _first_solution(self) -> tuple[bool, object]:
        """Without proofs: (True, model) or (False, None).

        With ratios, best first toward the smallest first base (the smallest total whose shares
        can all be whole is where solutions start); otherwise best first toward the least sum
        of the whole quantities (depth first when that sum has no floor).
        """
        if self.bases or self.total is not None:
            dived = self._dive()
            if dived is not None:
                return dived
        if not self.bases:
            if self.total is None:
                return self._walk()
            found: list = []
            try:
                self._best_first(self.total, -1, found)
            except Unbounded:  # whole quantities that may be negative: depth first
                return self._walk()
            return (True, found[0]) if found else (False, None)
        found = []
        widest = max(self.bases, key=lambda g: len(g.pairs))  # the first with most parts
        try:
            self._best_first(widest.base, -1, found)
        except Unbounded:  # the relaxation is unbounded below: only depth first can tell
            return self._walk()
        return (True, found[0]) if found else (False, None)

    def _dive(self) -> tuple[bool, object] | None:
        """The first ``DIVE`` nodes of the depth-first walk: most decisions end there, with a
        solution or the whole tree refuted; None when the walk is cut short (then best first).

        Best first goes to the least base or total, where every constraint is tight and whole
        points are rare: a share (0.49%) of 78,750 arrivals beside ``south ~ extra`` (within 10%)
        took 11,776 nodes and 24 s there; the walk found a solution in 4."""
        limits = self.limits
        dive = self.limits = self.sx.limits = limits.fresh()
        dive.max_nodes = min(DIVE, limits.max_nodes)
        try:
            return self._walk()
        except BudgetExceeded as e:
            if e.limit != "max_nodes" or limits.max_nodes <= DIVE:
                raise
            return None
        finally:
            self.limits = self.sx.limits = limits

    def _walk(self) -> tuple[bool, object]:
        """Exhaust the tree below the current bounds (popping back to them); (True, model) stops it.

        Each frame is ``[kind, cases, index, mark, certificates, info]``: a node's children
        (bound changes to try in turn), the one being tried, the trail mark to pop back to,
        the proofs of the children done so far, and what the node's own proof needs.
        """
        sx = self.sx
        stack: list[list] = []
        base = sx.push()
        try:
            while True:
                res = self._visit(stack)
                while res is not None:
                    if res[0] or not stack:
                        return res
                    frame = stack[-1]
                    sx.pop(frame[3])
                    frame[4].append(res[1])
                    frame[2] += 1
                    if frame[2] < len(frame[1]):
                        res = self._enter(frame)
                    else:
                        stack.pop()
                        res = (False, self._proof(frame) if self.certify else None)
        finally:
            sx.pop(base)

    def _enter(self, frame: list) -> tuple | None:
        """Assert the frame's current case; None when its node is to be visited, else its (failed) result."""
        sx = self.sx
        frame[3] = sx.push()
        j, up, low = frame[1][frame[2]]
        conf = sx.assert_upper(j, up[0], up[1]) if up is not None else sx.assert_lower(j, low[0], low[1])
        if conf is not None:
            return False, build_farkas(conf) if self.certify else None
        return None

    def _visit(self, stack: list) -> tuple | None:
        """Look at the node under the current bounds: a result, or None after opening a frame for it."""
        self.limits.node()
        sx = self.sx
        certify = self.certify
        conf = sx.check()
        if conf is not None:
            return False, build_farkas(conf) if certify else None
        frame = self._choose()
        if frame is None:
            return True, self._model()
        if frame[0] == "scan!":  # the node itself is refuted by a scan
            return False, frame[5] if certify else None
        stack.append(frame)
        return self._enter(frame)

    def _unbounded(self) -> None:
        """The relaxation is unbounded in an optimisation's direction: so is the problem, if this node has a solution."""
        if self.ints or self.ne:
            certify, self.certify = self.certify, False
            goal, self.goal = self.goal, None
            try:
                ok, _ = self._walk()
            finally:
                self.certify, self.goal = certify, goal
            if not ok:
                return
        raise Unbounded

    # -- what to branch on ----------------------------------------------------

    def _choose(self) -> list | None:
        """The frame to open at a feasible node, or None when its vertex is a solution."""
        frame = self._pinned()
        if frame is None:
            frame = self._gap()
        if frame is None:
            frame = self._derived_form()
        if frame is None and self._fractional() is not None:
            frame = self._jump()
            if frame is None:
                if self.goal is not None:  # the jump's optimisations moved the vertex: back to the goal's optimum
                    self.sx.optimize(*self.goal)
                pick = self._fractional()  # (the vertex may now be whole)
                if pick is not None:
                    frame = self._branch(pick[0], pick[1])
        return frame if frame is not None else self._excluded()

    def _pinned(self) -> list | None:
        """The split of a ``!=`` whose excluded value sits on a bound of its form, before anything
        else: one case fails at once and the other tightens the bound (``homes <= 2·killed`` and
        ``homes != 2·killed`` make ``homes <= 2·killed - 1``, which the relaxation then knows), or
        both fail (``a - b != 4`` beside ``b - a = -4``).  Searching first for a whole vertex to
        split at climbs, rung by rung, every whole solution of the rest of the component."""
        lo, hi = self.sx.lo, self.sx.hi
        for i, (c, var, k) in enumerate(self.ne):
            if lo[var] is None and hi[var] is None and i not in self.edges:
                continue
            frame = self._split(c, var, k)
            live = [case for case in frame[1] if not _fails(case, lo, hi)]
            if not live or (len(live) == 1 and _tightens(live[0], lo, hi)):
                return frame
            if i in self.edges and all(_tightens(case, lo, hi) for case in live):
                return frame  # not split yet on this path: the case past the edge fails at once
        return None

    def _excluded(self) -> list | None:
        """At a whole vertex, the split of a ``!=`` whose form sits on its excluded value.

        The ``!=`` is then split first at every node still open (:meth:`_pinned`, as an edge):
        once the whole vertices run into it, the next ones would too.  ``adults = 50.0% of
        north`` (to 0.05 of a point) beside ``minors != 50.0% of north``: every even north has its
        half, each split at its own node, a ladder of a thousand rungs; split at the open
        ``north >= k``, the relaxation of ``north - 2·minors >= 1`` puts north at 1000 at once."""
        val = self.sx.val
        for i, (c, var, k) in enumerate(self.ne):
            if val[var] == (div(c.rhs, k), 0):
                self.edges.add(i)
                return self._split(c, var, k)
        return None

    def _gap(self) -> list | None:
        """A branch on a whole variable or integral form whose bounds hold no whole number (both cases fail at once)."""
        sx = self.sx
        lo, hi = sx.lo, sx.hi
        for entry in chain(self.int_entries, self.integral):  # whole variables, then integral forms
            j, scale = entry[0], entry[1]
            l, h = lo[j], hi[j]
            if scale != 1:  # an integral form's row, scaled to whole coefficients (scale > 0)
                l = None if l is None else (l[0] * scale, l[1] * scale)
                h = None if h is None else (h[0] * scale, h[1] * scale)
            if l is not None and h is not None:
                n = floor_delta(h)
                if ceil_delta(l) > n:
                    return self._branch(entry, n)
            # a bound between whole numbers (``total > 2295``, ``east - south > 0``) is rounded
            # first, one case failing at once; left strict, the relaxation's ``south + delta``
            # leads a dive up a ladder of branches that never ends on an unbounded problem
            if l is not None and not is_integral(l):
                return self._branch(entry, ceil_delta(l) - 1)
            if h is not None and not is_integral(h):
                return self._branch(entry, floor_delta(h))
        return None

    def _derived_form(self) -> list | None:
        """A branch on a whole form that defines a real quantity, where its value is fractional."""
        val = self.sx.val
        for entry in self.derived:
            j, scale = entry[0], entry[1]
            v = (val[j][0] * scale, val[j][1] * scale)
            if not is_integral(v):
                return self._branch(entry, floor_delta(v))
        return None

    def _fractional(self) -> tuple | None:
        """The whole variable to branch on, of those with a fractional value: free parts last
        (:func:`_free_parts`), and a quantity branched on :data:`LADDER` times after those
        branched on less; then the base of a ratio first (those with most parts first), then a
        ratio's part, then the rest (a sum's parts
        follow once its totals are whole); within each, the most fractional value, then the one in
        most constraints (a total before the parts it is the sum of: ``yes > 27% of total`` with
        ``total = yes + no + undecided`` and ``yes - no <= 1279``, at ``yes`` 1559.26 and ``no``
        4215.74, branched on ``no``, ``total`` and ``undecided`` in turn -- the order of their
        names -- while ``yes`` stayed fractional, one rung at a time), then the one branched on
        least so far."""
        val = self.sx.val
        goal = self.goal
        if goal is not None and goal[0] in self.int_slot and not is_integral(val[goal[0]]):
            # optimising a whole quantity at a fractional value: branch on it, or the others'
            # branches may shift its fraction between them without end (max of `yes` at 24.5)
            return self.int_entries[self.int_slot[goal[0]]], floor_delta(val[goal[0]])
        rank = self.rank
        choice = None
        best = None
        half = Fraction(1, 2)
        branched = self.branched
        free = self.free
        for entry in self.int_entries:
            j = entry[0]
            v = val[j]
            if is_integral(v):
                continue
            n = floor_delta(v)
            # last, the one branched on least so far (not the order of names: a share's part,
            # 389.81 of the arrivals at its rounding bound, stayed fractional while two parts of
            # thousands, tied with it, took turns in a ladder of branches)
            key = (j in free, branched[j] // LADDER, rank.get(j, _OTHER), abs(v[0] - n - half), -self.degree[j],
                   branched[j])
            if best is None or key < best:
                choice, best = (entry, n), key
        return choice

    def _jump(self) -> list | None:
        """A ratio base that can jump to the nearest value admitting whole parts: a scan frame.

        Only bases with a fractional member at the vertex are looked at.  The base's range
        is the relaxation's (two optimisations), not only its own bounds: a total bounded
        through a sum and a share is still a bounded total.  A range that holds no whole
        number at all is a branch whose both cases fail at once.
        """
        sx = self.sx
        val = sx.val
        for g in [g for g in self.bases if any(not is_integral(val[j]) for j in g.members)]:
            t = g.base
            if g.written:
                l = sx.optimize(t, -1)
                h = sx.optimize(t, 1) if l is not None else None
            else:  # a reversed reading (a total as a multiple of its part): the base's own bounds are enough
                l, h = sx.lo[t], sx.hi[t]
            if l is None:
                continue
            low = ceil_delta(l)
            if low < 1:
                continue
            high = None if h is None else floor_delta(h)
            if high is not None and high < low:
                return self._branch(self.int_entries[self.int_slot[t]], high)
            nested = None if self.certify else self.by_base  # a Scan checks one level: nesting only unproved
            for rest, over in self._sums(g):
                if rest is not None and g.tied is not None and not self.certify:  # (a Scan does not know ties)
                    rest = rest + g.tied
                first = g.first(low, high, nested, rest, self.limits.tick)
                if first is None:
                    if high is None or (self.certify and high - low >= SCAN_LIMIT):
                        continue
                    return self._scan_all(g, over, low, high)
                if first > low and not (self.certify and first - low > SCAN_LIMIT):
                    return self._scan_up(g, over, low, first)
                if high is not None and high > first:
                    last = g.last(first, high, nested, rest, self.limits.tick)
                    if last is not None and last < high and not (self.certify and high - last > SCAN_LIMIT):
                        return self._scan_down(g, over, last, high)
        return None

    def _sums(self, g: _Base):
        """The ways to scan ``g``: ``(rest, (others, constraints))``, ``rest`` as
        :meth:`_Base.fit` takes it, the others and constraints as a :class:`Scan` names them.

        A sum with terms held in no ratio to the base (``returned = west + swap + children``,
        shares of ``west`` and ``swap`` only) is scanned, when the parts alone give no jump,
        with those terms' bounds at this node (a claim, a kind, or a case of a branch or split
        above it): ``children >= 1`` leaves ``west + swap <= returned - 1``, which no whole
        ``returned`` below 12,000 gives its rounded shares.  The scan then rests on them."""
        yield (None if g.rest else (0, 0)), (g.parts, g.cons)  # the parts alone (and a sum of parts only)
        if not g.rest:
            return
        sx = self.sx
        least = most = 0
        for j in g.rest:
            lo, hi = sx.lo[j], sx.hi[j]
            least = None if least is None or lo is None else least + ceil_delta(lo)
            most = None if most is None or hi is None else most + floor_delta(hi)
        why = [g.total[2]]
        for j in g.rest:
            if least is not None:
                why.append(sx.lo_why[j][0])
            if most is not None:
                why.append(sx.hi_why[j][0])
        yield (least, most), (g.parts + g.rest_names, g.cons + tuple(c for c in dict.fromkeys(why) if c not in g.cons))

    def _refute(self, t: int, case: Constraint):
        """Farkas: the relaxation with ``case`` (a bound on variable t) added has no solution."""
        sx = self.sx
        mark = sx.push()
        up, low = bounds_of(case, ONE)
        conf = sx.assert_upper(t, up[0], up[1]) if up is not None else sx.assert_lower(t, low[0], low[1])
        if conf is None:
            conf = sx.check()
        sx.pop(mark)
        assert conf is not None, "a bound beyond the relaxation's range must be refuted"
        return build_farkas(conf)

    def _below(self, t: int, low: int):
        """Farkas: ``t <= low - 1`` against the relaxation."""
        return self._refute(t, Constraint(((self.names[t], ONE),), "<=", Fraction(low - 1), ASSUMPTION))

    def _above(self, t: int, high: int):
        return self._refute(t, Constraint(((self.names[t], ONE),), ">=", Fraction(high + 1), ASSUMPTION))

    def _scan_all(self, g: _Base, over: tuple, low: int, high: int) -> list:
        cert = None
        if self.certify:
            cert = Scan(g.name, *over, low, high, self._below(g.base, low), self._above(g.base, high))
        return ["scan!", [], 0, 0, [], cert]

    def _scan_up(self, g: _Base, over: tuple, low: int, first: int) -> list:
        """Values ``low .. first-1`` of the base leave some part no whole value: go on with ``base >= first``."""
        t = g.base
        case = Constraint(((self.names[t], ONE),), ">=", Fraction(first), ASSUMPTION)
        _, bound = bounds_of(case, ONE)
        below = self._below(t, low) if self.certify else None
        return ["scan+", [(t, None, bound)], 0, 0, [], (g.name, over, low, first - 1, below)]

    def _scan_down(self, g: _Base, over: tuple, last: int, high: int) -> list:
        """Values ``last+1 .. high`` leave some part no whole value: go on with ``base <= last``."""
        t = g.base
        case = Constraint(((self.names[t], ONE),), "<=", Fraction(last), ASSUMPTION)
        bound, _ = bounds_of(case, ONE)
        above = self._above(t, high) if self.certify else None
        return ["scan-", [(t, bound, None)], 0, 0, [], (g.name, over, last + 1, high, above)]

    def _branch(self, entry: tuple, n: int) -> list:
        """Branch ``<= n`` / ``>= n+1``, the side nearer the vertex's value first (a dive toward a whole point)."""
        j, scale, coeffs, display = entry
        if j < len(self.branched):
            self.branched[j] += 1
        cases = []
        for op, rhs in (("<=", n), (">=", n + 1)):
            up, low = bounds_of(Constraint(coeffs, op, Fraction(rhs), ASSUMPTION), scale)
            cases.append((j, up, low))
        value = self.sx.val[j]
        flipped = value[0] * scale - n > Fraction(1, 2)
        if flipped:
            cases.reverse()
        info = (entry, n, self._relaxed(j, scale) if self.certify else None, flipped)
        return ["branch", cases, 0, 0, [], info]

    def _split(self, c: Constraint, var: int, k: Fraction) -> list:
        """Split a ``!=`` whose form sits on its excluded value: ``<`` / ``>``, or, on whole
        quantities, ``<= m - 1`` / ``>= m + 1`` (:class:`~.certificates.Split`)."""
        whole = all(self.index[v] in self.int_set for v, _ in c.coeffs) and whole_form(c)[1].denominator == 1
        split = Split(c, None, None, whole)
        if whole:  # the cases' form is c's divided by g: c's is k·L, theirs (k/g)·L
            k = k * whole_form(c)[0][0][1] / c.coeffs[0][1]
        cases = [(var, *bounds_of(case, k)) for case in (split.below_case, split.above_case)]
        return ["split", cases, 0, 0, [], split]

    def _proof(self, frame: list):
        kind, certs, info = frame[0], frame[4], frame[5]
        if kind == "branch":
            (j, scale, coeffs, display), n, relaxed, flipped = info
            below, above = (certs[1], certs[0]) if flipped else (certs[0], certs[1])
            return Branch(display, relaxed, below, above, n, coeffs)
        if kind == "split":
            return Split(info.constraint, certs[0], certs[1], info.whole)
        name, over, low, high, other = info
        if kind == "scan+":
            return Scan(name, *over, low, high, other, certs[0])
        return Scan(name, *over, low, high, certs[0], other)

    def _relaxed(self, j: int, scale: Fraction) -> Interval:
        """Range of simplex variable j (times scale) in the rational relaxation under the current bounds."""
        sx = self.sx
        conf = sx.check()
        assert conf is None, "relaxation of a branched node must be feasible"
        lo = sx.optimize(j, -1)
        hi = sx.optimize(j, 1)
        return Interval(
            None if lo is None else Fraction(lo[0]) * scale,
            None if hi is None else Fraction(hi[0]) * scale,
            lo is not None and lo[1] > 0,
            hi is not None and hi[1] < 0,
        )

    def _model(self) -> dict[str, Fraction]:
        sx = self.sx
        delta = sx.delta_value()
        val = sx.val
        names = self.names
        for _ in range(len(self.ne) + 2):
            model = {names[i]: Fraction(val[i][0] + val[i][1] * delta) for i in range(len(names))}
            if all(c.holds(model) for c, _, _ in self.ne):
                break
            delta /= 2
        for c in self.cons:  # the model is checked, exactly, before anyone sees it
            co, rhs, _, _, _, _ = prep(c)
            if not relation_holds(sum(a * model[v] for v, a in co), c.op, rhs):  # pragma: no cover
                raise AssertionError(f"solver model violates {c}")
        return model

    # -- optimisation ---------------------------------------------------------

    def optimum(self, x: int, sense: int, incumbent: tuple | None) -> tuple | None:
        """Max (sense 1) or min (-1) of variable x over all solutions, as a delta-rational.

        None when unbounded.  ``incumbent`` is the value at a known solution.
        Raises BudgetExceeded.  Assumes the root is feasible.

        Best first: the open node whose relaxation promises most is expanded next, so the
        first whole solution found near the relaxation's optimum ends the search as soon
        as no open node can beat it.  A node is the chain of bound changes from the root
        (``(case, parent)``), asserted afresh when it is expanded.
        """
        name = self.names[x]
        for model in self.pool:  # the best whole solution found so far, in any search of this component
            v = (model[name], 0)
            if incumbent is None or _better(v, incumbent, sense):
                incumbent = v
        self.best = incumbent
        try:
            self._best_first(x, sense, None)
        except Unbounded:
            return None
        return self.best

    def _best_first(self, x: int, sense: int, found: list | None) -> None:
        """Best-first search for the optimum of x (in ``self.best``); with ``found`` (a list), stop at
        the first whole solution instead and append its model.  Raises Unbounded, BudgetExceeded."""
        sx = self.sx
        certify, self.certify = self.certify, False
        self.goal = (x, sense)
        whole = x in self.int_set
        heap: list[tuple] = [(((0, 0), None), 0, None, None)]  # (key, order, promised bound, node)
        order = 1
        try:
            while heap:
                _, _, promise, node = heappop(heap)
                best = self.best
                if best is not None and promise is not None and not _better(promise, best, sense):
                    break  # nothing open can beat the solution found
                self.limits.node()
                mark = sx.push()
                try:
                    if not self._assert_chain(node) or sx.check() is not None:
                        continue
                    b = sx.optimize(x, sense)
                    if b is None:
                        if self.best is not None:
                            # a whole solution is known and the relaxation is unbounded: so are the
                            # whole solutions (Meyer 1974: rational data; a != excludes finitely
                            # many points of a ray from the known solution)
                            raise Unbounded
                        self._unbounded()  # raises Unbounded when this node has a solution
                        continue
                    if whole:
                        b = (floor_delta(b), 0) if sense > 0 else (ceil_delta(b), 0)
                    if best is not None and not _better(b, best, sense):
                        continue
                    frame = self._choose()  # leaves the vertex at x's optimum when it finds no frame
                    if frame is None:
                        model = self._model()
                        self.pool.append(model)
                        if found is not None:
                            found.append(model)
                            return
                        self.best = sx.val[x]
                        continue
                    # what the node promises for the goal; then, among equal promises, the least sum
                    # of the whole quantities at its vertex (a ladder that leaves the goal where it is
                    # climbs that sum: the sibling it left behind, lower on it, comes first)
                    key = ((-b[0], -b[1]) if sense > 0 else b, sx.val[self.total] if self.total is not None else None)
                    # a refuted node ("scan!") has no cases; ties go newest first (depth first): the
                    # frame's first case (the nearer side of a branch) is pushed last, so tried first
                    for case in reversed(frame[1]):
                        heappush(heap, (key, -order, b, (case, node)))
                        order += 1
                finally:
                    sx.pop(mark)
        finally:
            self.certify = certify
            self.goal = None

    def _assert_chain(self, node) -> bool:
        """Assert the bound changes from the root to ``node``; False when they conflict."""
        sx = self.sx
        cases = []
        while node is not None:
            cases.append(node[0])
            node = node[1]
        for j, up, low in reversed(cases):
            conf = sx.assert_upper(j, up[0], up[1]) if up is not None else sx.assert_lower(j, low[0], low[1])
            if conf is not None:
                return False
        return True


def _fails(case: tuple, lo: list, hi: list) -> bool:
    """Does asserting ``case`` contradict its variable's current bounds?"""
    j, up, low = case
    return (up is not None and lo[j] is not None and up[0] < lo[j]) or (
        low is not None and hi[j] is not None and low[0] > hi[j])


def _tightens(case: tuple, lo: list, hi: list) -> bool:
    """Does asserting ``case`` (a variable and its new upper or lower bound) change its bounds?"""
    j, up, low = case
    if up is not None:
        return hi[j] is None or up[0] < hi[j]
    return lo[j] is None or low[0] > lo[j]


def _better(value: tuple, best: tuple, sense: int) -> bool:
    """Does ``value`` beat ``best`` in the direction ``sense``?"""
    return value > best if sense > 0 else value < best


def _equality_gap(cons: list[Constraint], integers: frozenset[str]):
    """A combination of equalities among whole quantities that no whole numbers satisfy, as a Branch; else None.

    Complete for the equalities (the lattice test of the Hermite normal form): ``A·x = b`` has
    no whole solution exactly when some rational combination ``y`` of its rows makes ``y·A``
    whole and ``y·b`` not.  The rows, scaled to whole coefficients, are reduced by whole column
    operations (Euclid's algorithm on each row in turn, which leaves a lower-triangular ``H =
    A·U`` with ``U`` unimodular); ``H·z = b`` is solved row by row, and a ``z`` that is not whole
    gives ``y`` (its row of ``H⁻¹``).  ``x = 2y``, ``x = 2z + 1``: ``y - z = -1/2``.  A quarter
    of the ballots and a third of the north with ``3·ballots = 8·north + 1252``: no whole
    solution, though every single combination of two rows has one.
    """
    rows = []  # (constraint, scale): scale * constraint has whole coefficients
    for c in cons:
        # a figure (``staff = 2095237``) is a row too: substituted into the sums it closes
        # (``staff = adults + men + south + urban``, ``adults - men = …``, ``south - urban = …``),
        # it leaves ``2·(men + urban)`` odd
        if c.op == "=" and c.coeffs and all(v in integers for v, _ in c.coeffs):
            scale = 1
            for _, a in c.coeffs:
                scale = lcm(scale, Fraction(a).denominator)
            rows.append((c, scale))
    if len(rows) < 2 or len(rows) > EQUALITY_ROWS:
        # one equality alone is an integral form (the search's gap test covers it); past a few
        # hundred, dense elimination would cost more than it saves (issue 13's big components)
        return None
    m = len(rows)
    names = sorted({v for c, _ in rows for v, _ in c.coeffs})
    at = {v: j for j, v in enumerate(names)}
    cols = [[0] * m for _ in names]  # whole column operations keep A·U column by column
    for i, (c, scale) in enumerate(rows):
        for v, a in c.coeffs:
            cols[at[v]][i] = int(a * scale)
    rhs = [Fraction(c.rhs) * scale for c, scale in rows]
    active = list(range(len(names)))
    solved: list[tuple[list[int], dict[int, Fraction]]] = []  # (pivot column of H, its row of H⁻¹)
    for i in range(m):
        live = [j for j in active if cols[j][i]]
        while len(live) > 1:
            p = min(live, key=lambda j: abs(cols[j][i]))
            piv = cols[p]
            for j in live:
                if j != p:
                    col = cols[j]
                    q = col[i] // piv[i]
                    for k in range(i, m):
                        if piv[k]:
                            col[k] -= q * piv[k]
            live = [j for j in live if cols[j][i]]
        if not live:
            continue  # a row the others imply (or contradict: the simplex says so)
        p = live[0]
        active.remove(p)
        h = cols[p]
        # z = (b_i - sum of the earlier pivots' H[i]·z) / H[i][i], as a combination of rows
        y: dict[int, Fraction] = {i: Fraction(1)}
        for hcol, yl in solved:
            f = hcol[i]
            if f:
                for r, w in yl.items():
                    y[r] = y.get(r, 0) - f * w
        y = {r: w / h[i] for r, w in y.items() if w}
        solved.append((h, y))
        value = sum(w * rhs[r] for r, w in y.items())
        if value.denominator != 1:
            comb: dict[Constraint, Fraction] = {}
            coeffs: dict[str, Fraction] = {}
            for r, w in y.items():
                c, scale = rows[r]
                comb[c] = comb.get(c, 0) + w * scale
                for v, a in c.coeffs:
                    coeffs[v] = coeffs.get(v, 0) + w * scale * a
            coeffs = {v: a for v, a in coeffs.items() if a}
            total = sum((m_ * Fraction(c.rhs) for c, m_ in comb.items()), Fraction(0))
            if coeffs:
                return _gap_branch(coeffs, total, comb)
    return None


def _gap_branch(coeffs: dict, rhs: Fraction, comb: dict):
    """When ``coeffs = rhs`` (the combination ``comb`` of equalities) leaves its primitive form no whole value:
    the Branch that says so, both cases refuted by the same combination."""
    g, form = primitive(sorted(coeffs.items()))
    value = rhs / g
    if value.denominator == 1:
        return None
    n = value.numerator // value.denominator
    # sum over c of m_c * (lhs_c - rhs_c) = g * (F - value), and every term is 0
    eq = [((c, m / g), ONE) for c, m in comb.items() if m]
    below = Constraint(form, "<=", Fraction(n), ASSUMPTION)
    above = Constraint(form, ">=", Fraction(n + 1), ASSUMPTION)
    return Branch(
        render(form),
        Interval.point(value),
        build_farkas([((c, -f), w) for (c, f), w in eq] + [((below, ONE), ONE)]),
        build_farkas(eq + [((above, -ONE), ONE)]),
        n,
        form,
    )
