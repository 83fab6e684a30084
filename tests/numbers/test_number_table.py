"""Every row of cases.tsv: a written form and the exact interval it must read as."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from tallycheck.numbers import NumberError, ReadOptions, read_number

CASES = Path(__file__).with_name("cases.tsv")


def load_cases() -> list[tuple[int, list[str]]]:
    out = []
    for n, line in enumerate(CASES.read_text(encoding="utf-8").split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) == 8, f"cases.tsv:{n}: expected 8 tab-separated columns, got {len(cols)}"
        out.append((n, cols))
    return out


def options_of(spec: str) -> tuple[ReadOptions, bool]:
    kw: dict = {}
    count = False
    for part in filter(None, (p.strip() for p in spec.split(","))):
        if part == "count":
            count = True
        elif part == "decimal_comma":
            kw["decimal_comma"] = True
        elif part.startswith("approximate="):
            kw["approximate"] = Fraction(part.split("=", 1)[1].rstrip("%")) / 100
        else:
            raise AssertionError(f"unknown option {part!r} in cases.tsv")
    return ReadOptions(**kw), count


def bound(s: str) -> Fraction | None:
    return None if s in ("inf", "-inf") else Fraction(s)


ROWS = load_cases()


def test_table_is_big_enough():
    assert len(ROWS) >= 300
    texts = [(cols[0], cols[7]) for _, cols in ROWS]
    assert len(texts) == len(set(texts)), "duplicate rows in cases.tsv"


@pytest.mark.parametrize("line,cols", ROWS, ids=[f"{n}:{c[0]}" for n, c in ROWS])
def test_case(line, cols):
    text, low, high, low_open, high_open, kind, value, opts = cols
    options, count = options_of(opts)
    if low == "ERROR":
        with pytest.raises(NumberError) as info:
            read_number(text, options, integer=count)
        assert high in info.value.message, f"cases.tsv:{line}: message {info.value.message!r}"
        e = info.value
        assert 0 <= e.start <= len(text) and (e.end is None or e.start <= e.end <= len(text))
        return
    r = read_number(text, options, integer=count)
    iv = r.interval
    got = (iv.low, iv.high, iv.low_open, iv.high_open, r.kind)
    want = (bound(low), bound(high), low_open == "open", high_open == "open", kind)
    assert got == want, f"cases.tsv:{line}: {text!r} read as {iv} ({r.kind}); rule: {r.rule}"
    if value == "-":
        assert r.value is None
    elif value:
        assert r.value == Fraction(value), f"cases.tsv:{line}: value {r.value}"
    assert r.text == text
    assert r.rule
    assert r.exact == (iv.low is not None and iv.low == iv.high and not iv.low_open and not iv.high_open)
