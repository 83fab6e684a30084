"""The whole checker (read, build, solve, report) against brute force over the claims' meaning.

Random small stories over three counts bounded by definitions (so a search over 0..12
is complete) mix figures, "more than"/"fewer than", "about", rounded percentages of a
base, rounded means and sums.  The oracle evaluates each claim's meaning directly from
SPEC §3 and §5 with exact fractions -- independently of tallycheck's constraint
builder -- and must agree with the report: the verdict, and for every reported conflict
that its claims cannot all hold while dropping any one of them leaves a set that can.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tallycheck.pipeline import check_texts

Q = ("x", "y", "z")
TOP = 12
HALF = F(1, 2)


def claim_strategy():
    q = st.sampled_from(Q)
    n = st.integers(0, 14)
    return st.one_of(
        st.tuples(st.just("eq"), q, n),
        st.tuples(st.just("more"), q, n),
        st.tuples(st.just("fewer"), q, st.integers(1, 14)),
        st.tuples(st.just("about"), q, st.integers(1, 14)),
        st.tuples(st.just("pct"), q, q, st.integers(0, 100)),
        st.tuples(st.just("mean"), q, q, st.integers(0, 40)),
        st.tuples(st.just("sum"), q, q, q),
    ).filter(lambda c: c[0] not in ("pct", "mean", "sum") or len(set(c[1:4] if c[0] == "sum" else c[1:3])) == len(c[1:4] if c[0] == "sum" else c[1:3]))


def text_of(c) -> str:
    kind = c[0]
    if kind == "eq":
        return f"{c[2]} {c[1]}"
    if kind == "more":
        return f"more than {c[2]} {c[1]}"
    if kind == "fewer":
        return f"fewer than {c[2]} {c[1]}"
    if kind == "about":
        return f"about {c[2]} {c[1]}"
    if kind == "pct":
        return f"{c[1]} = {c[3]}% of {c[2]}"
    if kind == "mean":
        return f"{c[1]} / {c[2]} = {c[3] // 10}.{c[3] % 10}"
    return f"{c[1]} = {c[2]} + {c[3]}"


def holds(c, v: dict) -> bool:
    """The claim's meaning, straight from the spec (exact)."""
    kind = c[0]
    if kind == "eq":
        return v[c[1]] == c[2]
    if kind == "more":
        return v[c[1]] > c[2]
    if kind == "fewer":
        return v[c[1]] < c[2]
    if kind == "about":  # an integer is exact; "about" widens it by 10% either side
        return F(c[2]) * F(9, 10) <= v[c[1]] <= F(c[2]) * F(11, 10)
    if kind == "pct":  # a whole percent is rounded: ±0.5 percentage points; the base is positive
        base = v[c[2]]
        return base > 0 and (c[3] - HALF) / 100 * base <= v[c[1]] <= (c[3] + HALF) / 100 * base
    if kind == "mean":  # one decimal: ±0.05; the base is positive
        base = v[c[2]]
        r = F(c[3], 10)
        return base > 0 and (r - F(1, 20)) * base <= v[c[1]] <= (r + F(1, 20)) * base
    return v[c[1]] == v[c[2]] + v[c[3]]


def satisfiable(claims) -> bool:
    for values in itertools.product(range(TOP + 1), repeat=3):
        v = dict(zip(Q, values))
        if all(holds(c, v) for c in claims):
            return True
    return False


def document(claims, sources) -> str:
    lines = [f"define {q} <= {TOP}" for q in Q]
    for i, (c, src) in enumerate(zip(claims, sources)):
        lines.append(f"source {src}{i}")
        lines.append(f"  {text_of(c)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(claim_strategy(), min_size=1, max_size=5), st.data())
def test_verdict_and_minimal_conflicts_agree_with_brute_force(claims, data):
    sources = data.draw(st.lists(st.sampled_from("ab"), min_size=len(claims), max_size=len(claims)))
    text = document(claims, sources)
    report = check_texts([("story.tally", text)])
    assert not report.errors, (text, report.errors)
    assert not report.unknowns, text
    expected = satisfiable(claims)
    assert report.verdict == ("consistent" if expected else "contradiction"), text
    line_of = {4 + 2 * i + 1: c for i, c in enumerate(claims)}  # claim i is on line 5 + 2i
    for conflict in report.conflicts:
        blamed = [line_of[cv.line] for cv in conflict.claims]
        assert blamed, (text, conflict)
        assert not satisfiable(blamed), ("not a conflict", text, conflict.explanation)
        for i in range(len(blamed)):
            rest = blamed[:i] + blamed[i + 1:]
            assert satisfiable(rest), ("not minimal", text, conflict.explanation)
        assert "cannot all hold" not in conflict.explanation, (text, conflict.explanation)
        if sum(1 for c in blamed if c[0] in ("pct", "mean", "sum")) <= 1:
            # one relation and figures: a derivation in numbers, never the certificate's plain sum
            # (two relations can refute each other symbolically, e.g. y = z + x with x = 0% of y)
            assert "; together" not in conflict.explanation, (text, conflict.explanation)
