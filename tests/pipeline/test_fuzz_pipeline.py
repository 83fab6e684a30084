"""Fuzzing the whole pipeline: any text gets an answer, never an exception.

Lines are assembled from pieces of the language (so many of them parse and reach the
builder and the solver) mixed with arbitrary text.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tallycheck.pipeline import check_texts
from tallycheck.formats import render

NAMES = st.sampled_from(["a", "b", "c.x", "c.y", "total", "five", "in", "a-b"])
NUMBERS = st.sampled_from(
    ["0", "5", "248", "1,234", "7.22", "42.7%", "about 250", "more than 200", "fewer than 3", "five",
     "1.2 million", "1e999999999", "12,5", "200-250", "half", "0.0", "-3", "a dozen", "between 2 and 3"]
)
RELS = st.sampled_from(["=", "!=", "<", "<=", ">", ">=", "~"])
OPS = st.sampled_from(["+", "-", "*", "/"])


@st.composite
def expr(draw, depth=0):
    if depth > 2 or draw(st.booleans()):
        return draw(st.one_of(NAMES, NUMBERS))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return f"{draw(expr(depth + 1))} {draw(OPS)} {draw(expr(depth + 1))}"
    if kind == 1:
        return f"({draw(expr(depth + 1))})"
    if kind == 2:
        return f"{draw(NUMBERS)} of {draw(NAMES)}"
    return f"sum({draw(st.sampled_from(['c', 'a', 'zz']))}.*)"


@st.composite
def line(draw):
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return f"source {draw(st.sampled_from(['s', 't', 'u']))} \"Name\" 2024-01-0{draw(st.integers(1, 9))}"
    if kind == 1:
        return f"define {draw(expr())} {draw(RELS)} {draw(expr())}"
    if kind == 2:
        return f"{draw(st.sampled_from(['count', 'amount', 'real', 'cumulative']))} {draw(NAMES)}"
    if kind == 3:
        return f"  {draw(NUMBERS)} {draw(NAMES)}"
    if kind == 4:
        return f'  "text {draw(NUMBERS)}{{{draw(NAMES)}}} more {draw(NUMBERS)}{{{draw(NAMES)} = {draw(NUMBERS)}}}"'
    if kind == 5:
        return f"  {draw(NAMES)} in {draw(NUMBERS)}..{draw(NUMBERS)}"
    if kind == 6:
        return f"set {draw(st.sampled_from(['approximate', 'decimal_comma', 'bogus', 'max_nodes']))} " \
               f"{draw(st.sampled_from(['5%', 'true', '0', 'x', '99999999999']))}"
    if kind == 7:
        return draw(st.text(max_size=30))
    return f"  {draw(expr())} {draw(RELS)} {draw(expr())}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line(), max_size=12))
def test_any_document_gets_a_report_in_every_format(lines):
    text = "\n".join(lines)
    report = check_texts([("fuzz.tally", text)])
    assert report.verdict in ("consistent", "contradiction", "unknown", "error")
    for fmt in ("text", "json"):
        assert render(report, fmt)
    for d in report.errors:
        assert d.location.file == "fuzz.tally"


@pytest.mark.parametrize("claim, verdict", [("0 = 0 of a", "consistent"), ("0 = 1 of a", "contradiction")])
def test_a_claim_on_no_quantity_beside_a_search(claim, verdict):
    """``0 = 0 of a`` leaves a constraint on no quantity in a component that needs the search
    (a rounded share): it was an internal error (TypeError in the search), found by the fuzz
    test above."""
    report = check_texts([("fuzz.tally", f"define a = b + c\nsource s\n  {claim}\n  b = 33.3% of a\n  c > 2\n")])
    assert report.verdict == verdict
