"""Every number form of the reader's table reads the same inside each claim form.

A structured claim (`q = TEXT`), a phrase claim (`TEXT q`) and an annotated quote
(`"… TEXT{q} …"`) must all give the quantity the interval `read_number(TEXT)` gives.
"""

import re
from pathlib import Path

import pytest

from tallycheck.build.builder import build
from tallycheck.numbers.interval import Interval
from tallycheck.numbers import NumberError, read_number
from tallycheck.read.parse import parse_document, spells_a_number

TABLE = Path(__file__).resolve().parents[1] / "numbers" / "cases.tsv"


def _cases():
    for row in TABLE.read_text(encoding="utf-8").splitlines():
        if not row or row.startswith("#"):
            continue
        cols = row.split("\t")
        text, low = cols[0], cols[1]
        options = cols[7] if len(cols) > 7 else ""
        if low == "ERROR" or options:
            continue
        try:
            reading = read_number(text)
        except NumberError:
            continue
        if reading.kind not in ("number", "percent", "range"):
            continue  # factors and ratios are not values of a quantity on their own
        yield text


CASES = sorted(set(_cases()))


def _interval_of(doc_text: str):
    model = build([parse_document(doc_text, "t.tally")])
    if model.diagnostics:
        return "error: " + model.diagnostics[0].message
    (claim,) = model.claims
    lows = [rhs for coeffs, op, rhs in claim.constraints if op in ("=", ">=", ">")]
    highs = [rhs for coeffs, op, rhs in claim.constraints if op in ("=", "<=", "<")]
    return (max(lows) if lows else None, min(highs) if highs else None)


def _expected(text: str):
    i: Interval = read_number(text).interval
    return (i.low, i.high)


def test_the_table_has_plenty_of_value_forms():
    assert len(CASES) > 250


ONE_WORD = re.compile(r"[-−]?[A-Za-z]+(?:-[A-Za-z]+)*")  # a lone word, signed or not
SPACED_MINUS = re.compile(r"[\d%a-z]\s+[-−]\s+[$£€\da-z]")

# Deliberate differences, each a rule of the language:
EXCEPT = {
    # inside a structured expression a hyphen with spaces around it subtracts (`30-50%` and
    # `200 – 250` are ranges); a lone word is a name (`a`), or, when it spells a number on its
    # own (`five`), an error that shows both readings (docs/language.md)
    "structured": lambda t: bool(SPACED_MINUS.search(t)) or t.lower() in ("a", "an")
    or bool(ONE_WORD.fullmatch(t)) and spells_a_number(t.lstrip("-−")),
    # `24/7` in a phrase: a slash is not a number; a hyphen with spaces is not a range there
    # either (`200 - 250 killed` is an error that says how to write one), as the parser cannot
    # tell it at the hyphen from the subtraction of `5 - x < 3`
    "phrase": lambda t: t == "24/7" or bool(SPACED_MINUS.search(t)),
    # in prose `X to Y` is not a range ("173 to 173"); a lone a/an is not a number
    # ("an additional 75"); a currency sign after the number is not looked for (known gap);
    # a sign before number words is a dash ("- five")
    "tag": lambda t: " to " in f" {t} " or t in ("a", "an", "24/7", "5€", "5 €") or bool(re.match(r"[-−]\D", t)),
}


@pytest.mark.parametrize("form", ["structured", "phrase", "tag"])
def test_every_value_form_reads_the_same_in_each_claim_form(form):
    failures = []
    for text in CASES:
        if EXCEPT[form](text):
            continue
        if form == "structured":
            doc = f"source s\n  amount_q = {text}\n"
        elif form == "phrase":
            doc = f"source s\n  {text} amount_q\n"
        else:
            doc = f'source s\n  "they said {text}{{amount_q}} in all"\n'
        got = _interval_of("real amount_q\n" + doc)
        want = _expected(text)
        if got != want:
            failures.append((text, got, want))
    assert not failures, f"{len(failures)} of {len(CASES)} forms differ, e.g. {failures[:8]}"
