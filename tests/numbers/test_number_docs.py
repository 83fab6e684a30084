"""docs/numbers.md and cases.tsv cannot drift apart: every example of the doc is a row of the
table with the same interval, and reads so."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from tallycheck.numbers import ReadOptions, read_number

CASES = Path(__file__).with_name("cases.tsv")

DOC = Path(__file__).resolve().parents[2] / "docs" / "numbers.md"
ROW = re.compile(r"^\| `([^`]+)`(?: \(([^)]*)\))? \| ([^|]+) \| (\w+) \|")


def doc_examples():
    out = []
    for n, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), 1):
        m = ROW.match(line)
        if m:
            out.append((n, m.group(1), m.group(2) or "", m.group(3).strip(), m.group(4)))
    return out


def parse_interval(s: str):
    """'248' | '[a, b]' | '(a, ∞)' -> (low, high, low_open, high_open)."""
    m = re.fullmatch(r"([\[(])(.+), (.+)([\])])", s)
    if not m:
        v = Fraction(s)
        return v, v, False, False
    lo = None if m.group(2) in ("-∞", "−∞") else Fraction(m.group(2))
    hi = None if m.group(3) == "∞" else Fraction(m.group(3))
    return lo, hi, m.group(1) == "(", m.group(4) == ")"


def options_of(spec: str) -> tuple[ReadOptions, bool]:
    kw: dict = {}
    for part in filter(None, spec.split(",")):
        if part == "decimal_comma":
            kw["decimal_comma"] = True
        elif part.startswith("approximate="):
            kw["approximate"] = Fraction(part.split("=", 1)[1].rstrip("%")) / 100
    return ReadOptions(**kw), "count" in spec.split(",")


def bound(s: str) -> Fraction | None:
    return None if s in ("inf", "-inf") else Fraction(s)


EXAMPLES = doc_examples()
TABLE = {
    (c[0], c[7]): c
    for c in (line.split("\t") for line in CASES.read_text(encoding="utf-8").split("\n"))
    if len(c) == 8 and not c[0].startswith("#")
}


def test_doc_has_examples():
    assert len(EXAMPLES) >= 80


@pytest.mark.parametrize("line,text,opts,interval,kind", EXAMPLES, ids=[f"{e[0]}:{e[1]}" for e in EXAMPLES])
def test_doc_example_is_in_the_table_and_reads_so(line, text, opts, interval, kind):
    want = parse_interval(interval)
    opts = opts.replace(" ", "")
    row = TABLE.get((text, opts))
    assert row is not None, f"docs/numbers.md:{line}: `{text}` ({opts}) is not a row of cases.tsv"
    assert row[1] != "ERROR"
    got_row = (bound(row[1]), bound(row[2]), row[3] == "open", row[4] == "open")
    assert got_row == want, f"docs/numbers.md:{line}: doc says {interval}, cases.tsv says {row[1:5]}"
    assert row[5] == kind
    options, count = options_of(opts)
    r = read_number(text, options, integer=count)
    iv = r.interval
    assert (iv.low, iv.high, iv.low_open, iv.high_open) == want
    assert r.kind == kind


def test_doc_limits_are_the_reader_limits():
    from tallycheck.numbers import MAX_DIGITS, MAX_EXPONENT, MAX_TEXT, MAX_WORDS

    doc = DOC.read_text(encoding="utf-8")
    assert f"| characters in one number text | {MAX_TEXT} |" in doc
    assert f"| digits in one written number | {MAX_DIGITS} |" in doc
    assert f"| exponent in scientific notation | ±{MAX_EXPONENT} " in doc
    assert f"| tokens (words, numbers, signs) in one number text | {MAX_WORDS} |" in doc
    assert f"looking back at most {MAX_WORDS} tokens" in doc
