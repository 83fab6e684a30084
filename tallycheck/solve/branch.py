"""Branch and bound (integers) and case splits (``!=``) over one simplex.

A :class:`Search` owns one :class:`~.simplex.Simplex` for one component.  The
search is depth-first; a branch pushes a bound, recurses and pops it, so the
tableau is shared by every node.

What to branch on, in a fixed order: first an *integral form* whose bounds
hold no whole number -- the linear form of constraints whose variables are all
integers, scaled to coprime integer coefficients, so that its value must be a
whole number (this refutes ``2x - 2y = 1`` or ``2 < x + y < 3`` in one
branch, where branching on single variables would never end); then the
integer variables, by name: the first one whose value is fractional.
"""

from __future__ import annotations

from math import gcd, lcm

from fractions import Fraction

from ..numbers.interval import Interval
from .budget import BudgetExceeded, Limits
from .certificates import ASSUMPTION, Branch, Certificate, Split, build_farkas
from .num import div
from .linear import bounds_of, ceil_delta, floor_delta, is_integral, prep
from .problem import Constraint, relation_holds
from .simplex import Simplex

ONE = Fraction(1)
#: nested branches and splits on one path (Python's stack is the search's stack)
MAX_DEPTH = 200


class Unbounded(Exception):
    pass


def render(coeffs: tuple[tuple[str, Fraction], ...]) -> str:
    """``x - 2*y``: a readable name for a branched form."""
    parts: list[str] = []  # joined once: adding to a string term by term is quadratic in a long sum
    for v, a in coeffs:
        mag = abs(a)
        term = v if mag == 1 else f"{mag}*{v}"
        if parts:
            parts.append(f" {'-' if a < 0 else '+'} {term}")
        else:
            parts.append(f"-{term}" if a < 0 else term)
    return "".join(parts)


class Search:
    __slots__ = ("names", "index", "sx", "ints", "integral", "ne", "root_conflict", "limits", "cons", "best", "depth", "int_entries", "certify")

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
        self.names = names
        self.index = index
        self.cons = cons
        self.limits = limits
        sx = self.sx = Simplex(n, forms, limits)
        self.ints = [index[v] for v in names if v in integers]
        # (simplex variable, scale, integer coefficients, display): value * scale must be integral
        integral = []  # integral forms (slack rows), checked for a gap between their bounds
        if self.ints:
            for form, slot in form_slot.items():
                if all(v in integers for v, _ in form):
                    den = 1
                    for _, a in form:
                        den = lcm(den, a.denominator)
                    num = 0
                    for _, a in form:
                        num = gcd(num, a.numerator * (den // a.denominator))
                    scale = Fraction(den, num)
                    co = tuple((v, a * scale) for v, a in form)
                    integral.append((slot, scale, co, render(co)))
            integral.sort(key=lambda e: e[0])
        self.integral = integral
        self.int_entries = [(j, ONE, ((names[j], ONE),), names[j]) for j in self.ints]
        self.ne = ne
        self.best = None
        self.depth = 0
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

    # -- feasibility ----------------------------------------------------------

    def solve(self) -> tuple[bool, object]:
        """(True, model) or (False, certificate); raises BudgetExceeded."""
        if self.root_conflict is not None:
            return False, build_farkas(self.root_conflict)
        if not self.ints and not self.ne:
            return self._node()  # one simplex check: no tree
        # Search without building certificates first (most searches end in a solution);
        # when the tree is exhausted, walk it again, this time writing the proof.
        self.certify = False
        ok, res = self._node()
        if ok:
            return ok, res
        self.certify = True
        self.limits = self.sx.limits = self.limits.fresh()
        return self._node()

    def _node(self) -> tuple[bool, object]:
        self.limits.node()
        sx = self.sx
        conf = sx.check()
        certify = self.certify
        if conf is not None:
            return False, build_farkas(conf) if certify else None
        choice = self._choose()
        if choice is not None:
            return self._branch(choice[0], choice[1], self._node, certify)
        val = sx.val
        for c, var, k in self.ne:
            if val[var] == (div(c.rhs, k), 0):
                return self._split(c, var, k, self._node, certify)
        return True, self._model()

    def _choose(self) -> tuple | None:
        """What to branch on at a feasible node: (entry, n) for "<= n" / ">= n+1", or None."""
        sx = self.sx
        lo, hi = sx.lo, sx.hi
        for entry in self.integral:
            j, scale = entry[0], entry[1]
            l, h = lo[j], hi[j]
            if l is None or h is None:
                continue
            n = floor_delta((h[0] * scale, h[1] * scale))
            if ceil_delta((l[0] * scale, l[1] * scale)) > n:
                return entry, n
        val = sx.val
        for entry in self.int_entries:
            v = val[entry[0]]
            if not is_integral(v):
                return entry, floor_delta(v)
        return None

    def _branch(self, entry: tuple, n: int, recurse, certify: bool = True) -> tuple[bool, object]:
        sx = self.sx
        j, scale, coeffs, display = entry
        results = []
        for c in (
            Constraint(coeffs, "<=", Fraction(n), ASSUMPTION),
            Constraint(coeffs, ">=", Fraction(n + 1), ASSUMPTION),
        ):
            mark = sx.push()
            up, low = bounds_of(c, scale)
            conf = sx.assert_upper(j, up[0], up[1]) if up else sx.assert_lower(j, low[0], low[1])
            if conf is not None:
                res = (False, build_farkas(conf) if certify else None)
            else:
                self._deeper()
                try:
                    res = recurse()
                finally:
                    self.depth -= 1
            sx.pop(mark)
            if res[0]:
                return res
            results.append(res[1])
        if not certify:
            return False, None
        return False, Branch(display, self._relaxed(j, scale), results[0], results[1], n, coeffs)

    def _split(self, c: Constraint, var: int, k: Fraction, recurse, certify: bool = True) -> tuple[bool, object]:
        sx = self.sx
        results = []
        for op in ("<", ">"):
            case = Constraint(c.coeffs, op, c.rhs, c.label)
            mark = sx.push()
            up, low = bounds_of(case, k)
            conf = sx.assert_upper(var, up[0], up[1]) if up else sx.assert_lower(var, low[0], low[1])
            if conf is not None:
                res = (False, build_farkas(conf) if certify else None)
            else:
                self._deeper()
                try:
                    res = recurse()
                finally:
                    self.depth -= 1
            sx.pop(mark)
            if res[0]:
                return res
            results.append(res[1])
        if not certify:
            return False, None
        return False, Split(c, results[0], results[1])

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise BudgetExceeded(f"more than {MAX_DEPTH} nested branches")

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
        """
        self.best = incumbent
        mark = self.sx.push()
        try:
            self._opt_node(x, sense)
        except Unbounded:
            return None
        finally:
            self.sx.pop(mark)  # also when the budget runs out mid-search
        return self.best

    def _opt_node(self, x: int, sense: int) -> tuple[bool, object]:
        self.limits.node()
        sx = self.sx
        if sx.check() is not None:
            return False, None
        b = sx.optimize(x, sense)
        if b is None:
            if not self.ints and not self.ne:
                raise Unbounded
            ok, _ = self._node()
            if ok:
                raise Unbounded
            return False, None
        if x in self.ints:
            b = (floor_delta(b), 0) if sense > 0 else (ceil_delta(b), 0)
        best = self.best
        if best is not None and (b <= best if sense > 0 else b >= best):
            return False, None
        val = sx.val
        recurse = lambda: self._opt_node(x, sense)  # noqa: E731
        choice = self._choose()
        if choice is not None:
            self._branch(choice[0], choice[1], recurse, certify=False)
            return False, None
        for c, var, k in self.ne:
            if val[var] == (div(c.rhs, k), 0):
                self._split(c, var, k, recurse, certify=False)
                return False, None
        self.best = val[x]
        return False, None
