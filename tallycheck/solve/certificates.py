"""Certificates of infeasibility: the solver's own proof, in the caller's terms.

Reading a :class:`Farkas` certificate
-------------------------------------
Every constraint is read in the "less-than" direction: ``lhs <= rhs``,
``lhs < rhs`` and ``lhs = rhs`` as written, ``lhs >= rhs`` and ``lhs > rhs`` as
``-lhs <= -rhs`` and ``-lhs < -rhs``.  Multiply each term's constraint, so read,
by its multiplier (non-negative for inequalities, any sign for equalities) and
add everything up: every variable cancels and what is left is
``0 <relation> constant`` -- which is false.  ``relation`` is ``"<"`` when a
strict inequality takes part, ``"="`` when only equalities do, else ``"<="``;
``constant`` is always ``< 0``, or ``0`` with ``"<"``.  Multipliers are scaled to
coprime integers.

A term may be a case assumption of an enclosing :class:`Branch` (label
:data:`ASSUMPTION`, e.g. ``y <= 106``) or a case of an enclosing :class:`Split`
(the ``!=`` constraint's coefficients and label with ``<`` or ``>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from typing import Iterable, Mapping, Sequence, Union

from ..numbers.interval import Interval
from .problem import Conflict, Constraint, Problem

#: label of the solver's case assumptions (``y <= 106`` in a :class:`Branch`)
ASSUMPTION = -1

_SIGN = {"<=": 1, "<": 1, "=": 1, ">=": -1, ">": -1}


@dataclass(frozen=True)
class Farkas:
    """A combination of constraints that sums to ``0 relation constant``, a falsehood."""

    terms: tuple[tuple[Constraint, Fraction], ...]  # (constraint, multiplier), constraint in its own orientation
    relation: str  # "<=", "<" or "="
    constant: Fraction  # the derived "0 relation constant" is false

    @property
    def derived(self) -> str:
        return f"0 {self.relation} {self.constant}"


@dataclass(frozen=True)
class Branch:
    """Integer infeasibility: no integer value of ``var`` works.

    ``below`` proves ``var <= bound`` infeasible, ``above`` proves
    ``var >= bound + 1`` infeasible; ``relaxed`` is the range of ``var`` in the
    rational relaxation at this node (integrality and ``!=`` dropped; when it
    holds no integer, this is the whole story: "between 106.27 and 106.52: no
    whole number").

    The branch may be on an integral *form* rather than one variable: ``coeffs``
    (integer coefficients over integer variables, e.g. ``x + y`` or ``x - y``)
    is the exact thing branched on, and ``var`` is then a readable rendering of
    it (``"x - y"``).  For a single variable ``coeffs == ((var, 1),)``.
    """

    var: str
    relaxed: Interval
    below: "Certificate"
    above: "Certificate"
    bound: int
    coeffs: tuple[tuple[str, Fraction], ...] = ()

    def __post_init__(self) -> None:
        if not self.coeffs:
            object.__setattr__(self, "coeffs", ((self.var, Fraction(1)),))

    @property
    def is_form(self) -> bool:
        return len(self.coeffs) != 1 or self.coeffs[0][1] != 1

    @property
    def below_assumption(self) -> Constraint:
        return Constraint(self.coeffs, "<=", Fraction(self.bound), ASSUMPTION)

    @property
    def above_assumption(self) -> Constraint:
        return Constraint(self.coeffs, ">=", Fraction(self.bound + 1), ASSUMPTION)

    @property
    def gap(self) -> bool:
        """True when the relaxed range holds no integer (both cases fail directly)."""
        return not _has_integer(self.relaxed)


@dataclass(frozen=True)
class Split:
    """A ``!=`` constraint split into its ``<`` and ``>`` cases, both infeasible.

    ``whole``: the constraint's variables are all whole numbers, so its form, scaled to
    coprime whole coefficients (:func:`whole_form`), takes whole values only: the cases are
    ``form <= m - 1`` and ``form >= m + 1`` (``x != y`` leaves ``x - y <= -1`` or ``x - y
    >= 1``).  Strict cases would leave the rational relaxation a ladder of branches without
    end (``y = x + delta``, then ``x + 1 - delta`` ...)."""

    constraint: Constraint
    below: "Certificate"
    above: "Certificate"
    whole: bool = False

    @property
    def below_case(self) -> Constraint:
        c = self.constraint
        if self.whole:
            coeffs, m = whole_form(c)
            return Constraint(coeffs, "<=", Fraction(m - 1), c.label)
        return Constraint(c.coeffs, "<", c.rhs, c.label)

    @property
    def above_case(self) -> Constraint:
        c = self.constraint
        if self.whole:
            coeffs, m = whole_form(c)
            return Constraint(coeffs, ">=", Fraction(m + 1), c.label)
        return Constraint(c.coeffs, ">", c.rhs, c.label)


def primitive(coeffs) -> tuple[Fraction, tuple[tuple[str, Fraction], ...]]:
    """``coeffs = g * F`` with ``F`` coprime whole coefficients, the first positive: ``(g, F)``."""
    den = 1
    for _, a in coeffs:
        den = lcm(den, Fraction(a).denominator)
    num = 0
    for _, a in coeffs:
        num = gcd(num, Fraction(a).numerator * (den // Fraction(a).denominator))
    if coeffs[0][1] < 0:
        num = -num
    g = Fraction(num, den)
    return g, tuple((v, Fraction(a) / g) for v, a in coeffs)


def whole_form(c: Constraint) -> tuple[tuple[tuple[str, Fraction], ...], Fraction]:
    """``c``'s form as ``g * F = rhs`` (:func:`primitive`): ``(F, rhs / g)``.  With whole
    variables, ``F`` takes whole values only, so ``rhs / g`` matters only when it is whole."""
    g, form = primitive(c.coeffs)
    return form, Fraction(c.rhs) / g


@dataclass(frozen=True)
class Scan:
    """No whole value of ``var`` from ``low`` to ``high`` leaves whole values for all of ``others``.

    Each of ``constraints`` is on ``var`` and one of ``others`` (a rounded share or mean:
    ``a·T ≤ R ≤ b·T``).  With ``var`` set to each whole number from ``low`` to ``high``,
    the constraints on at least one of ``others`` leave it an interval that holds no whole
    number.  ``below`` proves ``var <= low - 1`` infeasible and ``above`` proves ``var >=
    high + 1`` infeasible, so no whole value of ``var`` works at all.  (The search finds
    ``low`` and ``high`` with :func:`tallycheck.solve.ratio.first_base`; the check simply
    tries every value.)
    """

    var: str
    others: tuple[str, ...]
    constraints: tuple[Constraint, ...]
    low: int
    high: int
    below: "Certificate"
    above: "Certificate"

    @property
    def below_assumption(self) -> Constraint:
        return Constraint(((self.var, Fraction(1)),), "<=", Fraction(self.low - 1), ASSUMPTION)

    @property
    def above_assumption(self) -> Constraint:
        return Constraint(((self.var, Fraction(1)),), ">=", Fraction(self.high + 1), ASSUMPTION)


Certificate = Union[Farkas, Branch, Split, Scan]

#: the most values a :class:`Scan` may cover (its check tries each one)
SCAN_LIMIT = 200_000


def _has_integer(iv: Interval) -> bool:
    if iv.low is None or iv.high is None:
        return True
    lo = iv.low
    n = lo.numerator // lo.denominator  # floor
    cand = n + 1 if (n == lo and iv.low_open) or n < lo else n
    return cand in iv


def build_farkas(items: Iterable[tuple[tuple[Constraint, Fraction], Fraction]]) -> Farkas:
    """From bound reasons to a certificate.

    ``items`` are ``((constraint, factor), weight)``: a bound contribution
    ``x - u <= 0`` (or ``l - x <= 0``) equals ``factor * (lhs - rhs)`` of its
    constraint, and the contributions weighted by the non-negative weights sum
    to ``0 <= negative`` (the solver guarantees the cancellation).
    """
    acc: dict[int, list] = {}
    order: list[int] = []
    for (c, f), lam in items:
        key = id(c)
        w = lam * f
        slot = acc.get(key)
        if slot is None:
            acc[key] = [c, w]
            order.append(key)
        else:
            slot[1] += w
    terms = []
    constant = Fraction(0)
    strict = False
    all_eq = True
    for key in order:
        c, w = acc[key]
        if not w:
            continue
        constant += w * c.rhs
        terms.append((c, w * _SIGN[c.op]))
        if c.op != "=":
            all_eq = False
            if c.op in ("<", ">"):
                strict = True
    # scale the multipliers to coprime integers (a positive factor keeps the sense)
    den = 1
    for _, m in terms:
        den = lcm(den, Fraction(m).denominator)
    num = 0
    for _, m in terms:
        num = gcd(num, Fraction(m).numerator * (den // Fraction(m).denominator))
    scale = Fraction(den, num or 1)
    if all_eq and constant * scale > 0:
        scale = -scale
    terms.sort(key=lambda t: (t[0].label < 0, t[0].label))
    return Farkas(
        tuple((c, Fraction(m * scale)) for c, m in terms),
        "<" if strict else ("=" if all_eq else "<="),
        Fraction(constant * scale),
    )


def certificate_labels(cert: Certificate) -> frozenset[int]:
    """The caller's labels the proof rests on (case assumptions excluded)."""
    out: set[int] = set()
    stack = [cert]
    while stack:
        c = stack.pop()
        if isinstance(c, Farkas):
            for con, _ in c.terms:
                if con.label != ASSUMPTION:
                    out.add(con.label)
        elif isinstance(c, (Branch, Scan)):
            if isinstance(c, Scan):  # (it may rest on a case above it: a bound of a sum's other term)
                out.update(con.label for con in c.constraints if con.label != ASSUMPTION)
            stack.append(c.below)
            stack.append(c.above)
        else:
            out.add(c.constraint.label)
            stack.append(c.below)
            stack.append(c.above)
    return frozenset(out)


def certificate_constraints(cert: Certificate) -> list[Constraint]:
    """The caller's constraints the proof uses, in first-use order.

    Case assumptions of branches are left out; the cases of a split are
    replaced by the split ``!=`` constraint.
    """
    seen: dict[Constraint, None] = {}

    stack: list[tuple[Certificate, frozenset[Constraint]]] = [(cert, frozenset())]
    while stack:  # depth first, below before above: first-use order
        c, cases = stack.pop()
        if isinstance(c, Farkas):
            for con, _ in c.terms:
                if con.label != ASSUMPTION and con not in cases:
                    seen.setdefault(con, None)
        elif isinstance(c, Branch):
            stack.append((c.above, cases))
            stack.append((c.below, cases))
        elif isinstance(c, Scan):
            for con in c.constraints:
                if con.label != ASSUMPTION and con not in cases:
                    seen.setdefault(con, None)
            stack.append((c.above, cases))
            stack.append((c.below, cases))
        else:
            seen.setdefault(c.constraint, None)
            stack.append((c.above, cases | {c.above_case}))
            stack.append((c.below, cases | {c.below_case}))
    return list(seen)


class Available:
    """The constraints a proof may use: those given, looked up by label (a big problem's
    constraints are not hashed, nor copied at each case), and the assumptions of the cases
    it is in."""

    __slots__ = ("given", "cases")

    def __init__(self, given: "Mapping[int, Sequence[Constraint]] | _Chosen",
                 cases: frozenset[Constraint] = frozenset()) -> None:
        self.given = given  # a label -> its constraints
        self.cases = cases

    @classmethod
    def of(cls, constraints: Iterable[Constraint]) -> "Available":
        given: dict[int, list[Constraint]] = {}
        for c in constraints:
            given.setdefault(c.label, []).append(c)
        return cls(given)

    @classmethod
    def in_problem(cls, problem: Problem, labels: frozenset[int]) -> "Available":
        """``problem``'s fixed constraints and those labelled ``labels``, looked up where the
        problem keeps them (a big part's definitions are not listed again for each conflict)."""
        return cls(_Chosen(problem, labels))

    def __contains__(self, c: Constraint) -> bool:
        return c in self.cases or any(c == d for d in self.given.get(c.label, ()))

    def with_case(self, case: Constraint) -> "Available":
        return Available(self.given, self.cases | {case})


class _Chosen:
    """The constraints of a problem with some labels and the fixed ones, by label."""

    __slots__ = ("problem", "labels")

    def __init__(self, problem: Problem, labels: frozenset[int]) -> None:
        self.problem = problem
        self.labels = labels

    def get(self, label: int, default: Sequence[Constraint] = ()) -> Sequence[Constraint]:
        problem = self.problem
        if label not in self.labels and label not in problem.fixed:
            return default
        return [problem.constraints[i] for i in problem.by_label.get(label, ())]


def check_farkas(cert: Farkas, allowed: "Available | Iterable[Constraint] | None" = None) -> str | None:
    """None when ``cert`` is a valid refutation using only ``allowed`` constraints; else what is wrong."""
    if allowed is not None and not isinstance(allowed, Available):
        allowed = Available.of(allowed)
    total: dict[str, Fraction] = {}
    constant = Fraction(0)
    strict = False
    all_eq = True
    if not cert.terms:
        return "no terms"
    for c, m in cert.terms:
        if allowed is not None and c not in allowed:
            return f"uses a constraint that is not available: {c}"
        if c.op == "!=":
            return "a != constraint cannot be combined"
        if c.op != "=":
            all_eq = False
            if m < 0:
                return f"negative multiplier on an inequality: {c}"
            if m > 0 and c.op in ("<", ">"):
                strict = True
        s = _SIGN[c.op]
        for v, a in c.coeffs:
            total[v] = total.get(v, Fraction(0)) + s * m * a
        constant += s * m * c.rhs
    if any(total.values()):
        return "variables do not cancel: " + ", ".join(f"{v}:{a}" for v, a in total.items() if a)
    relation = "<" if strict else ("=" if all_eq else "<=")
    if relation != cert.relation:
        return f"relation is {relation}, certificate says {cert.relation}"
    if constant != cert.constant:
        return f"constant is {constant}, certificate says {cert.constant}"
    if relation == "<" and constant > 0 or relation == "<=" and constant >= 0 or relation == "=" and constant == 0:
        return f"0 {relation} {constant} is not a contradiction"
    return None


class ProofFailed(RuntimeError):
    """A contradiction whose proof does not check: a bug in tallycheck, never reported as one."""


def check_conflict(problem: Problem, conflict: Conflict) -> None:
    """Raise :class:`ProofFailed` unless ``conflict``'s certificate proves that its claims
    cannot all hold with ``problem``'s fixed constraints, using those alone.  Every conflict
    is checked so before it is reported: the arithmetic the report shows comes from it."""
    flaw = check_certificate(conflict.certificate, Available.in_problem(problem, conflict.labels), problem.integers)
    if flaw is not None:
        labels = sorted(conflict.labels)
        said = ", ".join(map(str, labels[:10])) + (f" and {len(labels) - 10} more" if len(labels) > 10 else "")
        raise ProofFailed(f"the proof that claims [{said}] contradict each other does not check: {flaw}")


def check_certificate(
    cert: Certificate,
    constraints: "Available | Iterable[Constraint] | None" = None,
    integers: Iterable[str] | None = None,
) -> str | None:
    """Verify a whole certificate tree; None when valid, else a description of the flaw.

    With ``constraints`` given (or :class:`Available`), every leaf may use only those plus the case
    assumptions of the enclosing branches and splits; with ``integers`` given,
    branches must be on integer variables.
    """
    ints = None if integers is None else frozenset(integers)
    # An explicit stack: a certificate may nest thousands of branches.
    if constraints is not None and not isinstance(constraints, Available):
        constraints = Available.of(constraints)
    stack: list[tuple[Certificate, Available | None]] = [(cert, constraints)]
    while stack:
        c, allowed = stack.pop()
        if isinstance(c, Farkas):
            flaw = check_farkas(c, allowed)
            if flaw:
                return flaw
            continue
        if isinstance(c, Branch):
            for v, a in c.coeffs:
                if ints is not None and v not in ints:
                    return f"branch on a form with non-integer variable {v}"
                if Fraction(a).denominator != 1:
                    return f"branch on a form with a fractional coefficient {a}"
            if not isinstance(c.bound, int):
                return "branch bound is not an integer"
            below, above = c.below_assumption, c.above_assumption
        elif isinstance(c, Split):
            if c.constraint.op != "!=":
                return "split on a constraint that is not !="
            if allowed is not None and c.constraint not in allowed:
                return f"split on a constraint that is not available: {c.constraint}"
            if c.whole:
                if ints is not None and any(v not in ints for v, _ in c.constraint.coeffs):
                    return f"a whole split on a form with variables that need not be whole: {c.constraint}"
                if whole_form(c.constraint)[1].denominator != 1:
                    return f"a whole split on a form that never takes its excluded value: {c.constraint}"
            below, above = c.below_case, c.above_case
        elif isinstance(c, Scan):
            flaw = check_scan(c, allowed, ints)
            if flaw:
                return flaw
            below, above = c.below_assumption, c.above_assumption
        else:
            return f"not a certificate: {c!r}"
        stack.append((c.above, None if allowed is None else allowed.with_case(above)))
        stack.append((c.below, None if allowed is None else allowed.with_case(below)))
    return None


def check_scan(c: Scan, allowed: Available | None, ints: frozenset[str] | None) -> str | None:
    """The scan itself (not its two sub-proofs): no value from low to high leaves whole values for all ``others``.

    Each constraint is on ``var`` and one of ``others`` (bounding it), or an equality with
    coefficients ±1 on ``others`` (a sum: whole values in their ranges must add up to it).
    """
    if ints is not None and (c.var not in ints or any(o not in ints for o in c.others)):
        return f"scan over {c.var} and {', '.join(c.others)}, which need not all be whole numbers"
    if not isinstance(c.low, int) or not isinstance(c.high, int) or c.high < c.low:
        return "scan range is not a whole range"
    if c.high - c.low >= SCAN_LIMIT:
        return "scan range too long to check"
    bounds: dict[str, list] = {o: [] for o in c.others}  # other -> [(its coefficient, var's, op, rhs)]
    sums = []  # ({other: ±1}, var's coefficient, rhs)
    for con in c.constraints:
        if allowed is not None and con not in allowed:
            return f"uses a constraint that is not available: {con}"
        co = dict(con.coeffs)
        mine = [o for o in c.others if co.get(o)]
        if con.op == "!=" or not mine or set(co) - {c.var, *mine}:
            return f"scan constraint is not on {c.var} and {', '.join(c.others)}: {con}"
        if len(mine) == 1:
            o = mine[0]
            bounds[o].append((Fraction(co[o]), Fraction(co.get(c.var, 0)), con.op, Fraction(con.rhs)))
        elif con.op == "=" and all(co[o] in (1, -1) for o in mine):
            sums.append(({o: int(co[o]) for o in mine}, Fraction(co.get(c.var, 0)), Fraction(con.rhs)))
        else:
            return f"scan constraint is neither a bound nor a sum: {con}"
    for t in range(c.low, c.high + 1):
        ranges = {o: _whole_range(bounds[o], t) for o in c.others}
        if any(r is not None and r[0] is not None and r[1] is not None and r[0] > r[1] for r in ranges.values()):
            continue
        if any(not _sum_fits(co, b, rhs, t, ranges) for co, b, rhs in sums):
            continue
        return f"{c.var} = {t} leaves whole values for {', '.join(c.others)}"
    return None


def _whole_range(bounds: list, t: int) -> tuple:
    """The whole values these bounds (``a·other + b·var op rhs``) leave ``other`` at ``var = t``: (low, high), None = no end."""
    lo = hi = None  # (value, open)
    for a, b, op, rhs in bounds:
        value = (rhs - b * t) / a
        if op == "=":
            sides = ((True, False), (False, False))
        else:
            sides = (((op in ("<=", "<")) == (a > 0), op in ("<", ">")),)
        for upper, is_open in sides:
            if upper and (hi is None or value < hi[0] or (value == hi[0] and is_open)):
                hi = (value, is_open)
            if not upper and (lo is None or value > lo[0] or (value == lo[0] and is_open)):
                lo = (value, is_open)
    low = None
    if lo is not None:
        n = lo[0].numerator // lo[0].denominator
        low = n + 1 if lo[1] or n < lo[0] else n
    high = None
    if hi is not None:
        n = hi[0].numerator // hi[0].denominator
        high = n - 1 if hi[1] and n == hi[0] else n
    return low, high


def _sum_fits(co: dict, b: Fraction, rhs: Fraction, t: int, ranges: dict) -> bool:
    """Can whole values in their ranges make ``sum(co[o]·o) = rhs - b·t``?  (±1 coefficients: every sum between the extremes.)"""
    want = rhs - b * t
    if want.denominator != 1:
        return False
    least = most = 0
    for o, s in co.items():
        low, high = ranges[o]
        lo, hi = (low, high) if s > 0 else (None if high is None else -high, None if low is None else -low)
        least = None if least is None or lo is None else least + lo
        most = None if most is None or hi is None else most + hi
    return (least is None or least <= want) and (most is None or want <= most)
