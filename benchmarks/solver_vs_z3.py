"""The exact solver against z3 on synthetic editorial constraint systems.

Generates many small independent stories (sums of parts under a definition,
"more than"/"fewer than" bounds, rounded percentages of a base, means of
integer answers, ranges and "about" figures), a few per cent of them
contradictory, as ONE problem; then times, on the same constraints:

* tallycheck: ``components`` over the whole problem, ``decide`` on every
  component, ``minimal_conflicts`` on the infeasible ones (all minimal
  conflicts, with certificates);
* z3: one ``Solver`` per component (Real variables, ``IsInt`` for counts),
  ``check``; on infeasible ones an unsat core over the claims with
  ``smt.core.minimize=true`` (one minimal core, no proof objects).

Verdicts are compared (must agree).  Run by hand::

    python3 benchmarks/solver_vs_z3.py --stories 20000 --seed 1 [--ranges] [--no-z3]

or on a dataset written by ``benchmarks/generate.py`` (read and built by tallycheck,
then the same constraints are checked by both)::

    python3 benchmarks/generate.py --claims 100000 --seed 1 --out /tmp/bench
    python3 benchmarks/solver_vs_z3.py --tally /tmp/bench/claims-100000.tally
"""

from __future__ import annotations

import argparse
import os
import resource
import random
import sys
import time
from fractions import Fraction as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from tallycheck.solve import (  # noqa: E402
    Constraint,
    Problem,
    components,
    decide,
    implied_ranges,
    minimal_conflicts,
)

C = Constraint.make


class Gen:
    def __init__(self, seed: int, bad: float) -> None:
        self.rng = random.Random(seed)
        self.bad = bad
        self.label = 0
        self.cons: list[Constraint] = []
        self.ints: set[str] = set()
        self.fixed: set[int] = set()

    def new_label(self, fixed: bool = False) -> int:
        self.label += 1
        if fixed:
            self.fixed.add(self.label)
        return self.label

    def count(self, name: str) -> str:
        self.ints.add(name)
        self.cons.append(C({name: 1}, ">=", 0, self.new_label(fixed=True)))
        return name

    def claim(self, coeffs, op, rhs) -> None:
        self.cons.append(C(coeffs, op, rhs, self.new_label()))

    def define(self, coeffs, op, rhs) -> None:
        self.cons.append(C(coeffs, op, rhs, self.new_label(fixed=True)))

    def wrong(self) -> bool:
        return self.rng.random() < self.bad

    # -- story shapes -------------------------------------------------------------------

    def sum_of_parts(self, s: str) -> None:
        r = self.rng
        k = r.randint(2, 4)
        parts = [self.count(f"{s}.part{i}") for i in range(k)]
        total = self.count(f"{s}.total")
        self.define({total: 1, **{p: -1 for p in parts}}, "=", 0)
        values = [r.randint(5, 500) for _ in parts]
        t = sum(values)
        if self.wrong():
            values[r.randrange(k)] += r.choice([-5, -2, 1, 3, 10])
        self.claim({total: 1}, "=", t)
        for p, v in zip(parts, values):
            self.claim({p: 1}, "=", v)
        if r.random() < 0.5:  # a second source repeats the total
            self.claim({total: 1}, "=", t)

    def bounds(self, s: str) -> None:
        r = self.rng
        x = self.count(f"{s}.killed")
        true = r.randint(10, 1000)
        self.claim({x: 1}, ">", true - r.randint(1, 50))  # more than
        hi = true + r.randint(1, 50)
        if self.wrong():
            hi = true - r.randint(60, 100)
        self.claim({x: 1}, "<", hi)  # fewer than
        if r.random() < 0.5:  # about N (10% either side of the rounding interval)
            n = round(true, -1)
            self.claim({x: 1}, ">=", F(n - 5) - F(n, 10))
            self.claim({x: 1}, "<=", F(n + 5) + F(n, 10))

    def percentage(self, s: str) -> None:
        r = self.rng
        base = self.count(f"{s}.voters")
        part = self.count(f"{s}.yes")
        n = r.randint(50, 5000)
        y = r.randint(0, n)
        pct = round(F(1000 * y, n)) / F(10)  # one decimal
        if self.wrong():
            pct += F(r.choice([-3, 2, 5, 7]), 10)
        self.define({base: 1}, ">", 0)  # a percentage presupposes a positive base
        self.claim({base: 1}, "=", n)
        lo, hi = (pct - F(1, 20)) / 100, (pct + F(1, 20)) / 100
        label = self.new_label()
        self.cons.append(C({part: 1, base: -lo}, ">=", 0, label))
        self.cons.append(C({part: 1, base: -hi}, "<=", 0, label))

    def mean(self, s: str) -> None:
        r = self.rng
        total = self.count(f"{s}.score")
        n = self.count(f"{s}.respondents")
        k = r.randint(5, 60)
        t = r.randint(k, 10 * k)
        m = round(F(100 * t, k)) / F(100)
        if self.wrong():
            m += F(r.choice([-1, 1, 3]), 100)
        self.define({n: 1}, ">", 0)
        self.claim({n: 1}, "=", k)
        label = self.new_label()
        self.cons.append(C({total: 1, n: -(m - F(1, 200))}, ">=", 0, label))
        self.cons.append(C({total: 1, n: -(m + F(1, 200))}, "<=", 0, label))

    def shares(self, s: str) -> None:
        r = self.rng
        base = f"{s}.budget"  # an amount
        self.cons.append(C({base: 1}, ">", 0, self.new_label(fixed=True)))
        k = r.randint(2, 4)
        cuts = sorted(r.randint(1, 99) for _ in range(k - 1))
        pcts = [b - a for a, b in zip([0] + cuts, cuts + [100])]
        if self.wrong():
            pcts[0] += r.choice([3, 4, -4])
        parts = [f"{s}.share{i}" for i in range(k)]
        self.define({base: 1, **{p: -1 for p in parts}}, "=", 0)
        for p, pct in zip(parts, pcts):
            label = self.new_label()
            self.cons.append(C({p: 1, base: -(F(pct) - F(1, 2)) / 100}, ">=", 0, label))
            self.cons.append(C({p: 1, base: -(F(pct) + F(1, 2)) / 100}, "<=", 0, label))
        if r.random() < 0.5:
            self.claim({base: 1}, "=", F(r.randint(10, 999), 10) * 10**6)

    def story(self, i: int) -> None:
        s = f"s{i}"
        self.rng.choice([self.sum_of_parts, self.bounds, self.percentage, self.mean, self.shares])(s)

    def problem(self) -> Problem:
        return Problem(tuple(self.cons), frozenset(self.ints), frozenset(self.fixed))


def z3_component(p: Problem, minimize_core: bool):
    import z3

    s = z3.Solver()
    xs = {}
    for v in p.variables:
        xs[v] = z3.Real(v)
        if v in p.integers:
            s.add(z3.IsInt(xs[v]))
    guards = {}

    def q(f: F):
        return z3.RealVal(f"{f.numerator}/{f.denominator}")

    for c in p.constraints:
        lhs = z3.Sum([q(a) * xs[v] for v, a in c.coeffs]) if len(c.coeffs) > 1 else q(c.coeffs[0][1]) * xs[c.coeffs[0][0]]
        rhs = q(c.rhs)
        e = {"<=": lhs <= rhs, "<": lhs < rhs, "=": lhs == rhs, ">=": lhs >= rhs, ">": lhs > rhs, "!=": lhs != rhs}[c.op]
        if c.label in p.fixed:
            s.add(e)
        else:
            g = guards.get(c.label)
            if g is None:
                g = guards[c.label] = z3.Bool(f"claim{c.label}")
            s.add(z3.Implies(g, e))
    r = s.check(list(guards.values()))
    core = None
    if r == z3.unsat and minimize_core:
        core = s.unsat_core()
    return str(r), core


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad", type=float, default=0.03, help="share of contradictory stories")
    ap.add_argument("--ranges", action="store_true", help="also time implied_ranges on consistent components")
    ap.add_argument("--no-z3", action="store_true")
    ap.add_argument("--tally", help="check the constraints of this claims file (e.g. from benchmarks/generate.py)")
    args = ap.parse_args()

    if args.tally:
        from tallycheck.build.builder import build
        from tallycheck.pipeline import problem_of
        from tallycheck.read.parse import parse_document

        with open(args.tally, encoding="utf-8") as f:
            text = f.read()
        t = time.perf_counter()
        model = build([parse_document(text, args.tally)])
        problem = problem_of(model)
        print(f"{args.tally}: read and built in {time.perf_counter() - t:.2f} s (not timed below)")
    else:
        g = Gen(args.seed, args.bad)
        for i in range(args.stories):
            g.story(i)
        problem = g.problem()
    n_cons = len(problem.constraints)
    n_claims = len(problem.labels - problem.fixed)
    print(f"{n_cons} constraints ({n_claims} claims)")
    # the problem is built and lives to the end: keep the garbage collector from rescanning
    # it on every collection (the same for both solvers; tallycheck's pipeline can do the same)
    import gc

    gc.collect()
    gc.freeze()

    t0 = time.perf_counter()
    comps = components(problem)
    t1 = time.perf_counter()
    verdicts = []
    n_conflicts = 0
    for comp in comps:
        d = decide(comp)
        if d.status == "unsat":
            n_conflicts += len(minimal_conflicts(comp).conflicts)
        verdicts.append(d.status)
    t2 = time.perf_counter()
    ours = t2 - t0
    unsat = verdicts.count("unsat")
    print(f"tallycheck: {len(comps)} components ({unsat} contradictory, {verdicts.count('unknown')} unknown), "
          f"{n_conflicts} minimal conflicts")
    print(f"  components {t1 - t0:.2f} s, decide + minimal_conflicts {t2 - t1:.2f} s, total {ours:.2f} s"
          f" = {n_claims / ours:,.0f} claims/s ({n_cons / ours:,.0f} constraints/s)")
    print(f"  peak memory so far (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    if args.ranges:
        t3 = time.perf_counter()
        for comp, v in zip(comps, verdicts):
            if v == "sat":
                implied_ranges(comp)
        t4 = time.perf_counter()
        print(f"  implied_ranges on consistent components {t4 - t3:.2f} s = {n_cons / (t4 - t3):,.0f} constraints/s")
    if args.no_z3:
        return
    import z3

    z3.set_param("smt.core.minimize", True)
    t5 = time.perf_counter()
    z3_verdicts = [z3_component(comp, True)[0] for comp in comps]
    t6 = time.perf_counter()
    theirs = t6 - t5
    disagree = sum(1 for a, b in zip(verdicts, z3_verdicts) if a != b)
    print(f"z3 {z3.get_version_string()}: check + minimized core {theirs:.2f} s = {n_claims / theirs:,.0f} claims/s"
          f" ({n_cons / theirs:,.0f} constraints/s)")
    print(f"ratio z3 / tallycheck: {theirs / ours:.1f}x   disagreements: {disagree}")
    if disagree:
        sys.exit(1)


if __name__ == "__main__":
    main()
