"""find_mentions: numeric mentions in prose, read by the one reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from tallycheck.numbers import ReadOptions, find_mentions, read_number

SEED = Path("/work/shared/seeds/prisoner-exchange-article.txt")

PROSE = """Officials said more than 200 people were killed and about 1.2 million displaced in 2023.
Nearly half of the 3,400 respondents (42.7%) backed it, up 4.5 percentage points; one in five opposed.
It cost $3bn, not £800m; between 200 and 250 soldiers; the 2012–13 season; a man; one day; 12,5 units.
Dozens were hurt; tens of thousands fled. It rose from 200 to 250; the MH17 crash; aged 18 to 24; 200-250 dead.
"""


def mentions(text, options=ReadOptions()):
    return [(m.text, m.kind) for m in find_mentions(text, options)]


def test_mentions_in_prose():
    got = mentions(PROSE)
    assert got == [
        ("more than 200", "number"), ("about 1.2 million", "number"), ("2023", "year"),
        ("Nearly half", "ratio"), ("3,400", "number"), ("42.7%", "percent"), ("4.5 percentage points", "points"),
        ("one in five", "ratio"),
        ("$3bn", "number"), ("£800m", "number"), ("between 200 and 250", "range"), ("2012–13", "year"),
        ("12,5", "number"),
        ("Dozens", "number"), ("tens of thousands", "number"), ("200", "number"), ("250", "number"),
        ("18", "number"), ("24", "number"), ("200-250", "range"),
    ]


def test_mentions_positions_and_readings():
    ms = find_mentions(PROSE)
    lines = PROSE.split("\n")
    for m in ms:
        assert PROSE[m.start:m.end] == m.text
        assert lines[m.line - 1][m.column - 1:].startswith(m.text)
        if m.kind in ("number", "percent", "points", "ratio", "range") and m.reading is not None:
            assert m.reading.interval == read_number(m.text).interval
    bad = [m for m in ms if m.reading is None and m.kind != "year"]
    assert [m.text for m in bad] == ["12,5"] and "decimal comma" in bad[0].error


def test_mentions_decimal_comma():
    ms = find_mentions("it was 12,5 per cent", ReadOptions(decimal_comma=True))
    assert [(m.text, m.kind) for m in ms] == [("12,5 per cent", "percent")]


def test_seed_article_mentions():
    if not SEED.exists():
        pytest.skip("the seed article is not on this machine")
    text = SEED.read_text(encoding="utf-8")
    got = [(m.text, m.kind) for m in find_mentions(text)]
    assert ("248", "number") in got
    assert got.count(("173", "number")) == 4
    assert ("five", "number") in got
    assert ("2023", "year") in got
    for m in find_mentions(text):
        assert m.reading is not None


def test_no_mentions():
    assert mentions("") == []
    assert mentions("No numbers here, a man and an idea; one day someone will.") == []
