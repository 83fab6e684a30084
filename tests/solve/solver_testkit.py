"""Independent oracles for the solver tests: brute force, z3, and a certificate checker.

Nothing here imports the solver's internals: certificates are re-checked from
their definition (docs/solver.md), not with the solver's own checker.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

from hypothesis import strategies as st

from tallycheck.numbers.interval import Interval
from tallycheck.solve import Branch, Constraint, Farkas, Problem, Scan, Split

OPS = ["<=", "<", "=", ">=", ">", "!="]
_SIGN = {"<=": 1, "<": 1, "=": 1, ">=": -1, ">": -1}


def holds(c: Constraint, model) -> bool:
    lhs = sum((a * model[v] for v, a in c.coeffs), Fraction(0))
    return {
        "<=": lhs <= c.rhs,
        "<": lhs < c.rhs,
        "=": lhs == c.rhs,
        ">=": lhs >= c.rhs,
        ">": lhs > c.rhs,
        "!=": lhs != c.rhs,
    }[c.op]


def model_error(problem: Problem, constraints, model) -> str | None:
    for c in constraints:
        for v, _ in c.coeffs:
            if v not in model:
                return f"model misses {v}"
            if isinstance(model[v], float):
                return f"float in model: {v}"
        if not holds(c, model):
            return f"model violates {c}"
    for v in problem.integers:
        if v in model and Fraction(model[v]).denominator != 1:
            return f"integer variable {v} = {model[v]}"
    return None


# -- certificates, re-checked from their definition -----------------------------------


def farkas_error(cert: Farkas, allowed: frozenset) -> str | None:
    if not isinstance(cert, Farkas):
        return "not a Farkas certificate"
    total: dict[str, Fraction] = {}
    const = Fraction(0)
    strict = False
    only_eq = True
    for c, m in cert.terms:
        if c not in allowed:
            return f"constraint not available here: {c}"
        if not isinstance(m, Fraction) and not isinstance(m, int):
            return f"multiplier is not exact: {m!r}"
        if c.op == "!=":
            return "!= used in a combination"
        if c.op != "=":
            only_eq = False
            if m < 0:
                return f"negative multiplier {m} on {c}"
            if m and c.op in ("<", ">"):
                strict = True
        s = _SIGN[c.op]
        for v, a in c.coeffs:
            total[v] = total.get(v, Fraction(0)) + s * m * a
        const += s * m * c.rhs
    if any(total.values()):
        return f"variables do not cancel: {total}"
    # 0 (rel) const must be false
    if strict:
        false = const <= 0
    elif only_eq:
        false = const != 0
    else:
        false = const < 0
    if not false:
        return f"0 {'<' if strict else '=' if only_eq else '<='} {const} is true"
    if cert.constant != const:
        return f"stated constant {cert.constant} != {const}"
    return None


def certificate_error(cert, constraints, integers) -> str | None:
    allowed = frozenset(constraints)

    def go(c, allowed):
        if isinstance(c, Farkas):
            return farkas_error(c, allowed)
        if isinstance(c, Branch):
            for v, a in c.coeffs:
                if v not in integers or Fraction(a).denominator != 1:
                    return f"branch on a form that need not be integral: {c.coeffs}"
            if len(c.coeffs) == 1 and c.coeffs[0][1] == 1 and c.coeffs[0][0] != c.var:
                return "var and coeffs disagree"
            below = Constraint(c.coeffs, "<=", Fraction(c.bound), -1)
            above = Constraint(c.coeffs, ">=", Fraction(c.bound + 1), -1)
            if not isinstance(c.relaxed, Interval):
                return "relaxed is not an Interval"
            return go(c.below, allowed | {below}) or go(c.above, allowed | {above})
        if isinstance(c, Split):
            k = c.constraint
            if k.op != "!=" or k not in allowed:
                return f"bad split on {k}"
            lt = Constraint(k.coeffs, "<", k.rhs, k.label)
            gt = Constraint(k.coeffs, ">", k.rhs, k.label)
            if c.whole:  # on whole variables: the form in coprime whole coefficients skips its value
                if any(v not in integers for v, _ in k.coeffs):
                    return f"whole split on {k} with variables that need not be whole"
                den = math.lcm(*(Fraction(a).denominator for _, a in k.coeffs))
                g = Fraction(math.gcd(*(int(a * den) for _, a in k.coeffs)), den)
                g = -g if k.coeffs[0][1] < 0 else g
                coeffs = tuple((v, a / g) for v, a in k.coeffs)
                m = k.rhs / g
                if m.denominator != 1:
                    return f"whole split on {k}, whose form never takes its value"
                lt = Constraint(coeffs, "<=", m - 1, k.label)
                gt = Constraint(coeffs, ">=", m + 1, k.label)
            return go(c.below, allowed | {lt}) or go(c.above, allowed | {gt})
        if isinstance(c, Scan):
            err = scan_error(c, allowed, integers)
            if err:
                return err
            below = Constraint(((c.var, Fraction(1)),), "<=", Fraction(c.low - 1), -1)
            above = Constraint(((c.var, Fraction(1)),), ">=", Fraction(c.high + 1), -1)
            return go(c.below, allowed | {below}) or go(c.above, allowed | {above})
        return f"unknown certificate {c!r}"

    return go(cert, allowed)


def scan_error(c, allowed, integers) -> str | None:
    """For every whole value of c.var from low to high, no whole values of c.others satisfy the scan's constraints.

    Checked by brute force: for each of c.others, every whole value between the extremes its
    own (two-quantity) constraints allow, and every combination of those.  A part with one
    end only takes the other from an equality among the scan's constraints (a sum), given
    the others' extremes.
    """
    if c.var not in integers or any(o not in integers for o in c.others):
        return "scan over quantities that need not be whole"
    own = {o: [] for o in c.others}
    for k in c.constraints:
        if k not in allowed:
            return f"scan uses a constraint that is not available: {k}"
        names = {v for v, _ in k.coeffs} - {c.var}
        if not names <= set(c.others):
            return f"scan constraint not on {c.var} and {c.others}: {k}"
        if len(names) == 1:
            own[next(iter(names))].append(k)
    for t in range(c.low, c.high + 1):
        ends = {o: _ends(c.var, t, o, own[o]) for o in c.others}
        for _ in c.others:  # each pass may give one more part its missing end
            for k in c.constraints:
                if k.op == "=":
                    _close_by_sum(k, c.var, t, ends)
        candidates = []
        for o in c.others:
            values = _candidates(c.var, t, o, own[o], ends[o])
            if values is None:
                return f"{o} is unbounded at {c.var} = {t}: cannot check by brute force"
            candidates.append(values)
        combos = 1
        for v in candidates:
            combos *= len(v)
        if combos > 200_000:
            return "too many combinations to check by brute force"
        for values in itertools.product(*candidates):
            model = {c.var: Fraction(t), **{o: Fraction(v) for o, v in zip(c.others, values)}}
            if all(holds(k, model) for k in c.constraints):
                return f"{model} satisfies the scan's constraints"
    return None


def _ends(var, t, other, constraints) -> list:
    """[lowest, highest] (None: no end) that other's own constraints allow at var = t, ends included."""
    lo, hi = None, None
    for k in constraints:
        co = dict(k.coeffs)
        a = co[other]
        value = (k.rhs - co.get(var, 0) * t) / a
        kinds = ["lo", "hi"] if k.op == "=" else ["hi" if (k.op in ("<", "<=")) == (a > 0) else "lo"]
        for kind in kinds:
            if kind == "lo":
                lo = value if lo is None else max(lo, value)
            else:
                hi = value if hi is None else min(hi, value)
    return [lo, hi]


def _close_by_sum(k, var, t, ends) -> None:
    """Give a part of the equality ``k`` a missing end from the others' ends (interval arithmetic)."""
    co = dict(k.coeffs)
    parts = [v for v in co if v != var]
    for o in parts:
        rest = k.rhs - co.get(var, 0) * t  # a_o·o = rest - sum of the others' terms
        low = high = rest
        for v in parts:
            if v == o:
                continue
            lo, hi = ends[v]
            terms = [None if x is None else co[v] * x for x in (lo, hi)]
            small, big = (terms[0], terms[1]) if co[v] > 0 else (terms[1], terms[0])
            high = None if high is None or small is None else high - small
            low = None if low is None or big is None else low - big
        if co[o] < 0:
            low, high = (None if high is None else high / co[o]), (None if low is None else low / co[o])
        else:
            low, high = (None if low is None else low / co[o]), (None if high is None else high / co[o])
        if ends[o][0] is None and low is not None:
            ends[o][0] = low
        if ends[o][1] is None and high is not None:
            ends[o][1] = high


def _candidates(var, t, other, constraints, ends):
    lo, hi = ends
    if lo is None or hi is None:
        return None
    model = {var: Fraction(t)}
    out = []
    for r in range(math.floor(lo) - 1, math.ceil(hi) + 2):
        model[other] = Fraction(r)
        if all(holds(k, model) for k in constraints):
            out.append(r)
    return out


# -- oracles -----------------------------------------------------------------------------


def selected(problem: Problem, labels) -> list[Constraint]:
    if labels is None:
        return list(problem.constraints)
    return [c for c in problem.constraints if c.label in labels or c.label in problem.fixed]


def brute_force(constraints, domains: dict[str, range]):
    """All integer assignments over the domains that satisfy the constraints."""
    names = sorted(domains)
    for values in itertools.product(*(domains[n] for n in names)):
        model = {n: Fraction(v) for n, v in zip(names, values)}
        if all(holds(c, model) for c in constraints):
            yield model


def brute_sat(constraints, domains) -> bool:
    return next(brute_force(constraints, domains), None) is not None


def z3_solver(constraints, integers, extra=()):
    import z3

    s = z3.Solver()
    xs: dict[str, object] = {}

    def var(name):
        if name not in xs:  # a whole number as a z3 Int: its integer solver, not IsInt on a real
            xs[name] = z3.Int(name) if name in integers else z3.Real(name)
        return xs[name]

    def q(f: Fraction):
        return z3.RealVal(f"{f.numerator}/{f.denominator}")

    for c in list(constraints) + list(extra):
        lhs = z3.Sum([q(a) * var(v) for v, a in c.coeffs]) if c.coeffs else q(Fraction(0))
        rhs = q(c.rhs)
        s.add(
            {
                "<=": lambda: lhs <= rhs,
                "<": lambda: lhs < rhs,
                "=": lambda: lhs == rhs,
                ">=": lambda: lhs >= rhs,
                ">": lambda: lhs > rhs,
                "!=": lambda: lhs != rhs,
            }[c.op]()
        )
    return s


Z3_TIMEOUT_MS = 10_000  # z3 may not end on an unbounded integer problem: such an example is dropped


def z3_sat(constraints, integers, extra=()) -> bool:
    """Whether z3 finds the constraints satisfiable; an example z3 cannot decide within
    ``Z3_TIMEOUT_MS`` is rejected (hypothesis draws another): the oracle has nothing to say."""
    import z3
    from hypothesis import reject

    solver = z3_solver(constraints, integers, extra)
    solver.set("timeout", Z3_TIMEOUT_MS)
    r = solver.check()
    if r == z3.unknown:
        reject()
    return r == z3.sat


# -- random systems -------------------------------------------------------------------

small_rational = st.builds(
    lambda n, d: Fraction(n, d), st.integers(-12, 12), st.sampled_from([1, 1, 1, 2, 3])
)


@st.composite
def systems(draw, all_integer: bool = False, max_constraints: int = 6, with_ne: bool = True, claims: bool = False):
    """2-4 variables, 1-6 constraints with small coefficients; integer variables bounded 0..N (fixed).
    With ``claims``, a constraint may share the label of the one before (one claim, two
    constraints, on any variables: ``score / respondents < 0``)."""
    n = draw(st.integers(2, 4))
    names = [f"x{i}" for i in range(n)]
    if all_integer:
        ints = set(names)
    else:
        ints = {v for v in names if draw(st.booleans())}
    cons = []
    label = 0
    fixed = set()
    domains = {}
    for v in sorted(ints):
        hi = draw(st.integers(0, 3))
        domains[v] = range(0, hi + 1)
        cons.append(Constraint.make({v: 1}, ">=", 0, label))
        cons.append(Constraint.make({v: 1}, "<=", hi, label))
        fixed.add(label)
        label += 1
    ops = OPS if with_ne else OPS[:-1]
    for _ in range(draw(st.integers(1, max_constraints))):
        vs = draw(st.lists(st.sampled_from(names), min_size=1, max_size=n, unique=True))
        coeffs = {v: draw(st.integers(-3, 3).filter(bool)) for v in vs}
        op = draw(st.sampled_from(ops))
        rhs = draw(small_rational) if not all_integer else Fraction(draw(st.integers(-6, 6)))
        same = claims and cons and cons[-1].label not in fixed and draw(st.booleans())
        cons.append(Constraint.make(coeffs, op, rhs, label - 1 if same else label))
        label += 0 if same else 1
    return Problem(tuple(cons), frozenset(ints), frozenset(fixed)), domains


def z3_range_error(constraints, integers, coeffs, iv, real_only: bool = False) -> str | None:
    """Is ``iv`` exactly the range (hull) of the form ``coeffs`` over the solutions? Checked with z3.

    Open ends are checked as "not attained, but approached within 1e-9".
    """
    eps = Fraction(1, 10**9)
    ints = frozenset() if real_only else integers

    def sat(op, value):
        extra = [Constraint(tuple(coeffs), op, Fraction(value), -99)]
        return z3_sat(constraints, ints, extra)

    if iv is None:
        return "no range"
    if iv.low is None:
        if not sat("<", -(10**6)):
            return "claims unbounded below"
    else:
        if iv.low_open:
            if sat("<=", iv.low):
                return f"low {iv.low} is attained or passed"
            if not sat("<", iv.low + eps):
                return f"low {iv.low} is not approached"
        else:
            if sat("<", iv.low):
                return f"below low {iv.low} is possible"
            if not sat("=", iv.low):
                return f"low {iv.low} is not attained"
    if iv.high is None:
        if not sat(">", 10**6):
            return "claims unbounded above"
    else:
        if iv.high_open:
            if sat(">=", iv.high):
                return f"high {iv.high} is attained or passed"
            if not sat(">", iv.high - eps):
                return f"high {iv.high} is not approached"
        else:
            if sat(">", iv.high):
                return f"above high {iv.high} is possible"
            if not sat("=", iv.high):
                return f"high {iv.high} is not attained"
    return None


def brute_mus(problem: Problem, is_sat) -> list[frozenset]:
    """All minimal infeasible subsets of the non-fixed labels, by enumeration (small problems only)."""
    labels = sorted(problem.labels - problem.fixed)
    memo: dict[frozenset, bool] = {}

    def sat_of(s: frozenset) -> bool:
        if s not in memo:
            memo[s] = is_sat(selected(problem, s))
        return memo[s]

    out = []
    for r in range(len(labels) + 1):
        for combo in itertools.combinations(labels, r):
            s = frozenset(combo)
            if sat_of(s):
                continue
            if all(sat_of(s - {x}) for x in s):
                out.append(s)
    return out
