"""Units and currencies are checked (issue 11, item 5; docs/language.md, "Units").

A figure written with a currency gives its quantity that currency; two currencies on one
quantity, or on the two sides of a sum or comparison, are a located error naming both
figures; a `define` with an explicit factor converts.  No conversion is ever assumed.
"""

import pytest

from tallycheck.build.builder import build
from tallycheck.pipeline import check_texts
from tallycheck.read.parse import parse_document

ADVICE = ("tallycheck assumes no conversion (state one in a `define` with a factor, e.g. "
          "`define price.usd = 1.08 * price.eur`)")


def problems(text: str) -> list[tuple[int, int, str, str]]:
    model = build([parse_document(text, "t.tally")])
    return [(d.location.line, d.location.column, d.code, d.message) for d in model.diagnostics]


def test_three_currencies_for_one_quantity_are_two_errors_naming_both_figures():
    report = check_texts([("t.tally", "source s\n  cost = $14.7 billion\nsource t\n  cost = €14.7 billion\n"
                                      "source u\n  cost = £14.7 billion\n")])
    assert report.verdict == "error"
    assert [(e.location.line, e.location.column, e.message) for e in report.errors] == [
        (4, 10, f"two currencies for cost: €14.7 billion (EUR) here and $14.7 billion (USD) at t.tally:2:10; {ADVICE}"),
        (6, 10, f"two currencies for cost: £14.7 billion (GBP) here and $14.7 billion (USD) at t.tally:2:10; {ADVICE}"),
    ]
    assert report.agreements == ()


def test_a_sum_of_two_currencies_is_an_error_naming_the_claims_and_what_ties_them():
    ((line, col, code, message),) = problems("define total = a + b\nsource s\n  a = $5\n  b = €5\n")
    assert (line, col, code) == (4, 7, "unit")
    assert message == (f"two currencies for b: €5 (EUR) here and $5 (USD) at t.tally:3:7, claimed for a, tied to it "
                       f"by `define total = a + b` (t.tally:1); {ADVICE}")


def test_a_claim_that_compares_two_quantities_in_two_currencies():
    ((line, col, code, message),) = problems("source s\n  a = $5\n  b = €5\n  a > b\n")
    assert (line, col, code) == (4, 3, "unit")
    assert message == (f"this claim adds or compares amounts in two currencies: a: $5 (USD) at t.tally:2:7 and "
                       f"b: €5 (EUR) at t.tally:3:7; {ADVICE}")


@pytest.mark.parametrize("claim", ["x = $5 + €5", "x in $5..€6", "x = €5 - £1"])
def test_two_currencies_in_one_claim(claim):
    ((_, _, code, message),) = problems(f"source s\n  {claim}\n")
    assert code == "unit" and message.startswith("two currencies for x: ")


def test_a_conversion_stated_in_a_define_relates_two_currencies():
    text = ("amount price.usd, price.eur\ndefine price.usd = 1.08 * price.eur\nsource s\n  price.usd = $10.80\n"
            "source t\n  price.eur = €10\n")
    assert problems(text) == []
    assert check_texts([("t.tally", text)]).verdict == "consistent"
    unstated = text.replace("define price.usd = 1.08 * price.eur", "define price.usd = price.eur")
    assert [p[2] for p in problems(unstated)] == ["unit"]  # without a factor, no conversion


def test_a_factor_of_one_or_a_share_in_a_claim_keeps_the_unit():
    assert problems("define a = 1 * b\nsource s\n  a = $5\n  b = €5\n")[0][2] == "unit"
    assert problems("source s\n  fee = 2% of price\n  price = $100\n  fee = €2\n")[0][2] == "unit"


def test_figures_without_a_unit_say_nothing_about_it():
    assert problems("source s\n  cost = $14.7 billion\nsource t\n  cost = 14.7 billion\n") == []
    assert problems("source s\n  a = $5\n  b = 5\n  total = a + b\n") == []
    assert [p[2] for p in problems("source s\n  a = $5\n  b = €5\n  total = a + b\n")] == ["unit"]


def test_a_ratio_of_quantities_does_not_tie_their_units():
    assert problems("source s\n  budget = $500\n  spent = €10\n  budget / spent = 50\n") == []
    assert [p[2] for p in problems("source s\n  budget = $500\n  spent = €10\n  budget > spent\n")] == ["unit"]


def test_the_currency_of_a_tag_counts():
    ((line, col, code, _),) = problems('source s\n  "it cost £3{z} or $4{z}"\n')
    assert (line, col, code) == (2, 21, "unit")
