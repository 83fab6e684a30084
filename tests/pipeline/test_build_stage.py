"""The build stage on inline documents: which exact constraints a claim becomes."""

from fractions import Fraction as F
from textwrap import dedent

from tallycheck.build.builder import build
from tallycheck.read.parse import parse_document


def model_of(text: str):
    return build([parse_document(dedent(text).lstrip("\n"), "t.tally")])


def constraints(text: str):
    m = model_of("source s\n" + "\n".join("  " + line for line in dedent(text).strip().splitlines()))
    assert m.diagnostics == [], [d.render() for d in m.diagnostics]
    return [c.constraints for c in m.claims]


def test_exact_equality_is_one_equation():
    assert constraints("returned = 248") == [(((("returned", F(1)),), "=", F(248)),)]


def test_rounded_share_of_a_base_brackets_the_count_and_presupposes_a_positive_base():
    (cons,) = constraints("yes = 42.7% of voters")
    # yes - 0.4275 voters <= 0 ; yes - 0.4265 voters >= 0 ; voters > 0
    assert cons == (
        ((("voters", F(-4275, 10000)), ("yes", F(1))), "<=", F(0)),
        ((("voters", F(-4265, 10000)), ("yes", F(1))), ">=", F(0)),
        ((("voters", F(1)),), ">", F(0)),
    )


def test_ratio_as_a_whole_side_is_multiplied_out():
    (cons,) = constraints("score.total / respondents = 7.22")
    assert cons == (
        ((("respondents", F(-7225, 1000)), ("score.total", F(1))), "<=", F(0)),
        ((("respondents", F(-7215, 1000)), ("score.total", F(1))), ">=", F(0)),
        ((("respondents", F(1)),), ">", F(0)),
    )


def test_qualified_phrase_for_a_count_and_a_range():
    more, rng = constraints(
        """
        more than 200 killed
        x in 200..250
        """
    )
    assert more == (((("killed", F(1)),), ">", F(200)),)
    assert rng == (((("x", F(1)),), "<=", F(250)), ((("x", F(1)),), ">=", F(200)))


def test_about_widens_by_the_file_tolerance():
    m = model_of(
        """
        set approximate 5%
        source s
          x ~ 1.2 million
        """
    )
    (claim,) = m.claims
    lo, hi = sorted(c[2] for c in claim.constraints)
    # rounding [1.15M, 1.25M] widened by 5% of 1.2M = 60,000 each side
    assert (lo, hi) == (F(1_090_000), F(1_310_000))


def test_tag_reads_the_number_before_it_with_qualifiers():
    m = model_of(
        """
        source s
          "police said more than 200{killed} died, and five{y} more"
        """
    )
    killed, y = m.claims
    assert killed.constraints == (((("killed", F(1)),), ">", F(200)),)
    assert y.constraints == (((("y", F(1)),), "=", F(5)),)
    assert killed.text == "more than 200{killed}"


def test_sum_of_prefix_takes_the_quantities_directly_under_it():
    m = model_of(
        """
        define total = sum(votes.*)
        source s
          votes.a = 1
          votes.b = 2
          votes.b.sub = 3
        """
    )
    definition = m.claims[0]
    assert definition.constraints == (
        ((("total", F(1)), ("votes.a", F(-1)), ("votes.b", F(-1))), "=", F(0)),
    )


def test_undeclared_quantity_set_to_a_percentage_is_a_share():
    m = model_of("source s\n  turnout = 42.7%\n  voters = 100\n")
    assert m.kinds == {"turnout": "amount", "voters": "count"}


def test_build_errors_are_located():
    m = model_of(
        """
        source s
          x = p * q
          5 = 3
          y@2024-01-01 = 3
        """
    )
    got = [(d.location.line, d.location.column, d.message.split(";")[0]) for d in m.diagnostics]
    assert got[0] == (2, 7, "a product of two quantities is not linear")
    assert got[1][:2] == (3, 3) and "names no quantity" in got[1][2]
    assert got[2][:2] == (4, 3) and "only a `cumulative` quantity is dated" in got[2][2]


def test_cumulative_claims_are_dated_and_ordered():
    m = model_of(
        """
        cumulative deaths
        source early "A" 2024-01-01
          deaths = 10
        source late "B" 2024-02-01
          deaths = 8
        """
    )
    assert [c.quantities for c in m.claims] == [("deaths@2024-01-01",), ("deaths@2024-02-01",)]
    assert m.order_constraints == [("deaths@2024-01-01", "deaths@2024-02-01")]
