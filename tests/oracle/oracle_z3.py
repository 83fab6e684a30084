"""A generated story in z3: satisfiability, minimality, optimal ranges, components.

Counts (cumulative ones included) are ``Int`` >= 0, amounts ``Real`` >= 0, reals free;
definitions and the time order of cumulative counts are always there (never blamed);
each claim is the conjunction of its atoms (oracle_meaning).
"""

from __future__ import annotations

from fractions import Fraction as F
from math import lcm

import z3

from oracle_meaning import Atom, Claim, Interval, Story

# What z3 cannot settle in 3 s (wall clock) is not a story of issue 11's scope ("no unknown on any
# component that z3 decides within a second"): the example is rejected, not waited on.  At 10 s,
# a few such stories on a busy CI runner took the whole test past its time limit.
TIMEOUT_MS = 3_000


class Inconclusive(Exception):
    """z3 gave up: the story is not counted as a disagreement."""


class Z3Story:
    def __init__(self, story: Story):
        self.story = story
        self.kinds = story.variables()
        self.vars = {v: (z3.Int(v) if k == "count" else z3.Real(v)) for v, k in self.kinds.items()}
        self.hard: list = []
        for v, k in self.kinds.items():
            if k in ("count", "amount"):
                self.hard.append(self.vars[v] >= 0)
        for d in story.definitions:
            self.hard += [self.atom(a) for a in d.atoms]
        for a, b in story.order():
            self.hard.append(self.vars[a] <= self.vars[b])

    def atom(self, a: Atom):
        scale = lcm(*(c.denominator for _, c in a.expr.coeffs), a.expr.const.denominator)
        integral = all(self.kinds[v] == "count" for v, _ in a.expr.coeffs)

        def const(x: F):
            x = x * scale
            assert x.denominator == 1
            return z3.IntVal(x.numerator) if integral else z3.RealVal(x.numerator)

        e = const(a.expr.const)
        for v, c in a.expr.coeffs:
            e = e + const(c) * self.vars[v]
        zero = const(F(0))
        return {"<": e < zero, "<=": e <= zero, "=": e == zero, ">=": e >= zero, ">": e > zero, "!=": e != zero}[a.op]

    def claim(self, c: Claim):
        return z3.And(*[self.atom(a) for a in c.atoms]) if c.atoms else z3.BoolVal(True)

    # -- questions ---------------------------------------------------------------------

    def solver(self, claims: list[Claim]) -> z3.Solver:
        s = z3.Solver()
        s.set("timeout", TIMEOUT_MS)
        s.add(*self.hard)
        for c in claims:
            s.add(self.claim(c))
        return s

    def sat(self, claims: list[Claim]) -> bool:
        r = self.solver(claims).check()
        if r == z3.unknown:
            raise Inconclusive(f"z3: unknown on {len(claims)} claims")
        return r == z3.sat

    def model(self, claims: list[Claim]) -> dict[str, str]:
        s = self.solver(claims)
        if s.check() != z3.sat:
            return {}
        m = s.model()
        names = sorted({v for c in claims for v in c.variables})
        return {v: str(m.eval(self.vars[v], model_completion=True)) for v in names}

    def minimal_core(self, claims: list[Claim]) -> list[Claim]:
        """A minimal set of claims that cannot all hold (deletion from z3's core)."""
        s = self.solver([])
        marks = {}
        for i, c in enumerate(claims):
            p = z3.Bool(f"claim_{i}")
            marks[p.get_id()] = c
            s.add(z3.Implies(p, self.claim(c)))
        flags = [z3.Bool(f"claim_{i}") for i in range(len(claims))]
        if s.check(*flags) != z3.unsat:
            return []
        core = [marks[p.get_id()] for p in s.unsat_core()]
        i = 0
        while i < len(core):
            rest = core[:i] + core[i + 1:]
            if not self.sat(rest):
                core = rest
            else:
                i += 1
        return core

    def ranges(self, claims: list[Claim], names: list[str]) -> dict[str, Interval]:
        """Each quantity's tightest range under the claims (the claims must be satisfiable)."""
        o = z3.Optimize()
        o.set("timeout", TIMEOUT_MS)
        o.set(priority="box")
        o.add(*self.hard)
        for c in claims:
            o.add(self.claim(c))
        handles = {v: (o.minimize(self.vars[v]), o.maximize(self.vars[v])) for v in names}
        if o.check() != z3.sat:
            raise Inconclusive("z3: optimisation did not finish")
        out = {}
        for v, (lo, hi) in handles.items():
            inf_lo, val_lo, eps_lo = (_fraction(x) for x in o.lower_values(lo))
            inf_hi, val_hi, eps_hi = (_fraction(x) for x in o.upper_values(hi))
            low = None if inf_lo < 0 else val_lo
            high = None if inf_hi > 0 else val_hi
            out[v] = Interval(low, high, low is None or eps_lo > 0, high is None or eps_hi < 0)
        return out

    # -- components: claims that share no quantity, through definitions and time order --

    def components(self, claims: list[Claim]) -> list[tuple[set[str], list[Claim]]]:
        parent = {v: v for v in self.kinds}

        def find(v):
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        def join(vs):
            vs = list(vs)
            for a in vs[1:]:
                ra, rb = find(vs[0]), find(a)
                if ra != rb:
                    parent[ra] = rb

        for d in self.story.definitions:
            join(d.variables)
        for pair in self.story.order():
            join(pair)
        for c in claims:
            join(c.variables)
        groups: dict[str, tuple[set[str], list[Claim]]] = {}
        for v in self.kinds:
            groups.setdefault(find(v), (set(), []))[0].add(v)
        for c in claims:
            groups[find(next(iter(c.variables)))][1].append(c)
        return list(groups.values())


def _fraction(x) -> F:
    if z3.is_int_value(x):
        return F(x.as_long())
    if z3.is_rational_value(x):
        return F(x.numerator_as_long(), x.denominator_as_long())
    raise Inconclusive(f"z3 gave a value that is not a rational: {x}")
