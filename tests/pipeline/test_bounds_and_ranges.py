"""Bounds mean what a reader means (issue 11, item 4; docs/language.md, docs/numbers.md).

A figure in a bound is taken as written; a range is a range wherever one number is read,
its ends as written; a sign stays on every figure shown.
"""

import json
import re
from fractions import Fraction as F

import pytest

from tallycheck.build.builder import build
from tallycheck.formats import render
from tallycheck.pipeline import check_texts
from tallycheck.read.parse import parse_document


def model_of(text: str):
    return build([parse_document(text, "t.tally")])


def verdict(text: str) -> str:
    return check_texts([("t.tally", text)]).verdict


def test_more_than_2_million_refuses_1534792_in_every_form():
    for claim in ["refugees > 2 million", "more than 2 million refugees", "refugees > 2,000,000",
                  '"more than 2 million{refugees} fled"']:
        assert verdict(f"source a\n  {claim}\nsource b\n  refugees = 1,534,792\n") == "contradiction", claim
        assert verdict(f"source a\n  {claim}\nsource b\n  refugees = 2,000,001\n") == "consistent", claim


def test_a_bound_takes_each_figure_as_written_and_a_qualifier_or_equality_keeps_its_interval():
    cases = [
        ("x >= 7.22", (((("x", F(1)),), ">=", F(361, 50)),)),
        ("share < 43%", (((("share", F(1)),), "<", F(43, 100)),)),
        ("yes > 40% of voters", (((("voters", F(-2, 5)), ("yes", F(1))), ">", F(0)), ((("voters", F(1)),), ">", F(0)))),
        ("p + q <= 2.5 million", (((("p", F(1)), ("q", F(1))), "<=", F(2500000)),)),
        ("x / y > 7.22", (((("x", F(1)), ("y", F(-361, 50))), ">", F(0)), ((("y", F(1)),), ">", F(0)))),
        ("x != 5.5", (((("x", F(1)),), "!=", F(11, 2)),)),
        # a qualifier keeps its meaning; `=` keeps the rounding interval
        ("x > about 200", (((("x", F(1)),), ">", F(180)),)),
        ("x = 2 million", (((("x", F(1)),), "<=", F(2500000)), ((("x", F(1)),), ">=", F(1500000)))),
    ]
    for claim, constraints in cases:
        (built,) = model_of(f"source s\n  {claim}\n").claims
        assert built.constraints == constraints, claim


def test_a_range_in_a_share_is_a_range():
    (claim,) = model_of("source s\n  ballots = 30-50% of registered\n").claims
    assert claim.constraints[:2] == (
        ((("ballots", F(1)), ("registered", F(-1, 2))), "<=", F(0)),
        ((("ballots", F(1)), ("registered", F(-3, 10))), ">=", F(0)),
    )
    assert verdict("source s\n  ballots = 30-50% of registered\n  registered = 1000\n  ballots = 400\n") == "consistent"
    assert verdict("source s\n  ballots = 30-50% of registered\n  registered = 1000\n  ballots = 100\n") \
        == "contradiction"


def test_ranges_without_spaces_or_with_an_en_dash_and_a_subtraction_with_spaces():
    cases = [("30-50", 30, 50), ("1.2-1.5 million", 1200000, 1500000), ("200–250", 200, 250),
             ("200 – 250", 200, 250), ("between 200 and 250", 200, 250), ("$1-2bn", 10**9, 2 * 10**9)]
    for expr, low, high in cases:
        (claim,) = model_of(f"source s\n  x = {expr}\n").claims
        assert claim.constraints == (((("x", F(1)),), "<=", F(high)), ((("x", F(1)),), ">=", F(low))), expr
    (claim,) = model_of("source s\n  x = 50 - 30\n").claims
    assert claim.constraints == (((("x", F(1)),), "=", F(20)),)


@pytest.mark.parametrize("claim,low,high", [
    ("x in -5..-3", -5, -3), ("x in 1 million..1.5 million", 1000000, 1500000),
    ("x in £80.7bn..£87.7bn", 80700000000, 87700000000), ("x in 1.2m..1.5m", 1200000, 1500000),
    ("x in five..ten", 5, 10), ("x in 7.2..7.5", F(36, 5), F(15, 2)),
])
def test_any_number_form_at_each_end_of_a_range(claim, low, high):
    (built,) = model_of(f"real x\nsource s\n  {claim}\n").claims
    assert built.constraints == (((("x", F(1)),), "<=", F(high)), ((("x", F(1)),), ">=", F(low)))


def test_a_range_that_runs_downwards_is_a_located_plain_error():
    (problem,) = model_of("source s\n  x in 250..200\n").diagnostics
    assert (problem.location.line, problem.location.column) == (2, 8)
    assert problem.message == ("the range 250..200 runs downwards: its first end is above its second; write the "
                               "lower end first (200..250)")
    (problem,) = model_of("source s\n  x = 250-200\n").diagnostics
    assert "the first number of a range must be smaller than the second" in problem.message


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "junit"])
def test_a_negative_figure_keeps_its_sign_in_every_format_that_shows_it(fmt):
    out = render(check_texts([("t.tally", "real r\nsource s\n  r = -12.5\n")]), fmt)
    assert "-12.5" in out and not re.findall(r"(?<![-−\d.])12\.5", out)
    if fmt == "json":
        (r,) = json.loads(out)["quantities"]
        assert r["claimed"] == [{"value": "-12.5", "sources": ["s"]}]


def test_a_negated_number_keeps_its_sign_as_claimed():
    report = check_texts([("t.tally", "real r, q\nsource s\n  r = -(12.5)\n  q = - 3\n")])
    assert {q.name: q.claimed for q in report.quantities} == {"q": (("-3", ("s",)),), "r": (("-12.5", ("s",)),)}
