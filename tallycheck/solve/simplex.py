"""General simplex over exact rationals, after Dutertre & de Moura (CAV 2006).

The tableau holds one row per basic variable, ``x_i = sum(a_ij * x_j)`` over
non-basic variables; initially the basic variables are the *slacks*, one per
distinct linear form.  Every variable may carry a lower and an upper bound,
each a delta-rational (see :mod:`.linear`) with a reason.  Bounds can be pushed
and popped (branch and bound, case splits) without touching the tableau.

``check`` restores feasibility with Bland's rule (smallest index first, so it
cannot cycle) or returns the explanation of an infeasible row: the weighted
bound reasons whose sum is a contradiction.  ``optimize`` is a primal simplex
from a feasible assignment (also Bland), for ranges.
"""

from __future__ import annotations

from fractions import Fraction

from .budget import Limits
from .num import div, inverse, norm

ZERO = (0, 0)


class Simplex:
    __slots__ = ("rows", "cols", "val", "lo", "hi", "lo_why", "hi_why", "trail", "limits", "size")

    def __init__(self, n_orig: int, forms: list[dict[int, Fraction]], limits: Limits) -> None:
        """``n_orig`` original variables (indices 0..n-1) and one slack per form (n, n+1, ...)."""
        size = n_orig + len(forms)
        self.size = size
        self.rows: dict[int, dict[int, Fraction]] = {}
        self.cols: dict[int, set[int]] = {j: set() for j in range(n_orig)}
        for i, form in enumerate(forms):
            s = n_orig + i
            self.rows[s] = {j: norm(a) for j, a in form.items()}
            for j in form:
                self.cols[j].add(s)
        self.val: list[tuple] = [ZERO] * size
        self.lo: list[tuple | None] = [None] * size
        self.hi: list[tuple | None] = [None] * size
        self.lo_why: list = [None] * size
        self.hi_why: list = [None] * size
        self.trail: list = []
        self.limits = limits

    # -- bounds ---------------------------------------------------------------

    def push(self) -> int:
        return len(self.trail)

    def pop(self, mark: int) -> None:
        trail = self.trail
        lo, hi, lo_why, hi_why = self.lo, self.hi, self.lo_why, self.hi_why
        while len(trail) > mark:
            x, upper, old, why = trail.pop()
            if upper:
                hi[x] = old
                hi_why[x] = why
            else:
                lo[x] = old
                lo_why[x] = why

    def assert_upper(self, x: int, bound: tuple, why) -> list | None:
        """``x <= bound``; returns a conflict (weighted reasons) when it contradicts the lower bound."""
        h = self.hi[x]
        if h is not None and h <= bound:
            return None
        lo = self.lo[x]
        if lo is not None and bound < lo:
            return [(self.lo_why[x], 1), (why, 1)]
        self.trail.append((x, True, h, self.hi_why[x]))
        self.hi[x] = bound
        self.hi_why[x] = why
        if x not in self.rows and self.val[x] > bound:
            self._update(x, bound)
        return None

    def assert_lower(self, x: int, bound: tuple, why) -> list | None:
        lo = self.lo[x]
        if lo is not None and lo >= bound:
            return None
        h = self.hi[x]
        if h is not None and bound > h:
            return [(self.hi_why[x], 1), (why, 1)]
        self.trail.append((x, False, lo, self.lo_why[x]))
        self.lo[x] = bound
        self.lo_why[x] = why
        if x not in self.rows and self.val[x] < bound:
            self._update(x, bound)
        return None

    # -- assignment -----------------------------------------------------------

    def _update(self, x: int, v: tuple) -> None:
        old = self.val[x]
        da = v[0] - old[0]
        db = v[1] - old[1]
        val = self.val
        rows = self.rows
        if db:
            for r in self.cols[x]:
                a = rows[r][x]
                w = val[r]
                val[r] = (w[0] + a * da, w[1] + a * db)
        else:
            for r in self.cols[x]:
                w = val[r]
                val[r] = (w[0] + rows[r][x] * da, w[1])
        val[x] = v

    def _pivot(self, xi: int, xj: int) -> None:
        """Make basic ``xi`` non-basic and non-basic ``xj`` basic."""
        rows = self.rows
        cols = self.cols
        row = rows.pop(xi)
        a = row.pop(xj)
        inv = inverse(a)
        cols[xj].discard(xi)
        new = {xi: inv}
        for k, c in row.items():
            cols[k].discard(xi)
            new[k] = norm(-c * inv)
        users = cols.pop(xj)
        cols[xi] = set()
        for k in new:
            cols[k].add(xj)
        rows[xj] = new
        for r in users:
            rr = rows[r]
            c = rr.pop(xj)
            for k, a2 in new.items():
                old = rr.get(k)
                if old is None:
                    rr[k] = norm(c * a2)
                    cols[k].add(r)
                else:
                    nv = old + c * a2
                    if nv:
                        rr[k] = norm(nv)
                    else:
                        del rr[k]
                        cols[k].discard(r)

    def _pivot_and_update(self, xi: int, xj: int, v: tuple) -> None:
        rows = self.rows
        val = self.val
        inv = inverse(rows[xi][xj])
        w = val[xi]
        ta = norm((v[0] - w[0]) * inv)
        tb = norm((v[1] - w[1]) * inv)
        val[xi] = v
        w = val[xj]
        val[xj] = (w[0] + ta, w[1] + tb)
        if tb:
            for r in self.cols[xj]:
                if r != xi:
                    c = rows[r][xj]
                    w = val[r]
                    val[r] = (w[0] + c * ta, w[1] + c * tb)
        else:
            for r in self.cols[xj]:
                if r != xi:
                    w = val[r]
                    val[r] = (w[0] + rows[r][xj] * ta, w[1])
        self._pivot(xi, xj)

    # -- feasibility ----------------------------------------------------------

    def check(self) -> list | None:
        """Find an assignment within all bounds, or return the conflict (weighted reasons)."""
        rows = self.rows
        val, lo, hi = self.val, self.lo, self.hi
        limits = self.limits
        while True:
            limits.tick()
            xi = -1
            below = False
            for b in rows:
                if xi != -1 and b > xi:
                    continue
                v = val[b]
                l = lo[b]
                if l is not None and v < l:
                    xi, below = b, True
                    continue
                h = hi[b]
                if h is not None and v > h:
                    xi, below = b, False
            if xi == -1:
                return None
            row = rows[xi]
            xj = -1
            if below:
                for j, a in row.items():
                    if xj != -1 and j > xj:
                        continue
                    if a > 0:
                        h = hi[j]
                        if h is None or val[j] < h:
                            xj = j
                    else:
                        l = lo[j]
                        if l is None or val[j] > l:
                            xj = j
                if xj == -1:
                    out = [(self.lo_why[xi], 1)]
                    for j, a in row.items():
                        out.append((self.hi_why[j], a) if a > 0 else (self.lo_why[j], -a))
                    return out
                self._pivot_and_update(xi, xj, lo[xi])
            else:
                for j, a in row.items():
                    if xj != -1 and j > xj:
                        continue
                    if a < 0:
                        h = hi[j]
                        if h is None or val[j] < h:
                            xj = j
                    else:
                        l = lo[j]
                        if l is None or val[j] > l:
                            xj = j
                if xj == -1:
                    out = [(self.hi_why[xi], 1)]
                    for j, a in row.items():
                        out.append((self.lo_why[j], a) if a > 0 else (self.hi_why[j], -a))
                    return out
                self._pivot_and_update(xi, xj, hi[xi])

    # -- optimisation ---------------------------------------------------------

    def optimize(self, x: int, sense: int) -> tuple | None:
        """From a feasible assignment: the max (``sense=1``) or min (``-1``) of ``x``, None if unbounded.

        Leaves the assignment at an optimal vertex.
        """
        rows = self.rows
        val, lo, hi = self.val, self.lo, self.hi
        limits = self.limits
        while True:
            limits.tick()
            # entering variable and its direction (+1 increase, -1 decrease)
            if x in rows:
                xj = -1
                d = 0
                for j, a in rows[x].items():
                    if xj != -1 and j > xj:
                        continue
                    if (a > 0) == (sense > 0):
                        h = hi[j]
                        if h is None or val[j] < h:
                            xj, d = j, 1
                    else:
                        l = lo[j]
                        if l is None or val[j] > l:
                            xj, d = j, -1
                if xj == -1:
                    return val[x]
            else:
                b = hi[x] if sense > 0 else lo[x]
                if b is not None and val[x] == b:
                    return val[x]
                xj, d = x, sense
            # ratio test
            vj = val[xj]
            if d > 0:
                b = hi[xj]
                limit = None if b is None else (b[0] - vj[0], b[1] - vj[1])
            else:
                b = lo[xj]
                limit = None if b is None else (vj[0] - b[0], vj[1] - b[1])
            leave = -1
            best = None
            for r in self.cols[xj]:
                c = rows[r][xj] * d
                w = val[r]
                if c > 0:
                    b = hi[r]
                    if b is None:
                        continue
                    t = (div(b[0] - w[0], c), div(b[1] - w[1], c))
                else:
                    b = lo[r]
                    if b is None:
                        continue
                    t = (div(w[0] - b[0], -c), div(w[1] - b[1], -c))
                if best is None or t < best or (t == best and r < leave):
                    best, leave = t, r
            if leave == -1 and limit is None:
                return None
            if leave == -1 or (limit is not None and limit <= best):
                self._update(xj, hi[xj] if d > 0 else lo[xj])
            else:
                self._pivot_and_update(leave, xj, hi[leave] if rows[leave][xj] * d > 0 else lo[leave])

    # -- models ---------------------------------------------------------------

    def delta_value(self) -> Fraction:
        """A concrete delta > 0 small enough for every bound to hold (at most 1)."""
        delta = Fraction(1)
        val, lo, hi = self.val, self.lo, self.hi
        for x in range(self.size):
            a, b = val[x]
            l = lo[x]
            if l is not None and a > l[0] and b < l[1]:
                q = Fraction(a - l[0]) / (l[1] - b)
                if q < delta:
                    delta = q
            h = hi[x]
            if h is not None and a < h[0] and b > h[1]:
                q = Fraction(h[0] - a) / (b - h[1])
                if q < delta:
                    delta = q
        return delta
