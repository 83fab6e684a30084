"""The scan's fast paths for the commonest lines (``scan._CLAIM``: one regex for the claim
shapes a newsroom writes most, under a `source`; ``scan._SOURCE``: a `source` line with its
id alone) find what the general scan finds: the same pieces, keys and lines, for lines of
those shapes and lines that only look like them -- number words, statement words and
keywords as names, quotes with escapes and tags, comments, tabs, odd relations."""

import re
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tallycheck.run import scan

NAMES = st.sampled_from(["s0.a", "killed", "total", "s12.part3", "x-y", "a.b-c", "a_1", "ÉTÉ", "five", "no", "More",
                         "source", "count", "define", "title", "sum", "in", "of", "to", "a", "sources", "sum.x",
                         "x@2024-01-02", "5x", "x."])
NUMBERS = st.sampled_from(["5", "1,234", "5.42", "0", "12", "3..4", "5.", ".5", "1e3", "٣"])
QUOTES = st.sampled_from(["", "", ' "31 people answered"', ' "31 people"', '  "a \\"quoted\\" word"',
                          ' "about {x} here"', ' "a # in it"', ' "unclosed', ' "two" "quotes"', ' "x\\{y"',
                          "\t\"tab\""])
ENDS = st.sampled_from(["", "", "", "", " ", "\t", " # a comment", "#", ":", " and more", "\r"])


@st.composite
def shaped(draw) -> str:
    """A line of one of the fast shapes, or one close to them."""
    q, r, n, m = draw(NAMES), draw(NAMES), draw(NUMBERS), draw(NUMBERS)
    rel = draw(st.sampled_from(["=", "<", ">", "<=", ">=", "==", "!=", "~", "= =", ":=", "=>"]))
    body = draw(st.sampled_from([
        f"{n} {q}", f"more than {n} {q}", f"fewer than {n} {q}", f"about {n} {q}", f"{q} {rel} {n}",
        f"{q} {rel} {n}%", f"{q} / {r} {rel} {n}", f"{q} {rel} {n}% of {r}", f"{q} in {n}..{m}", f"{q} in {n}",
        f"{q}: {r} = {n}", f"{q} = sum({r}.*)", f"Less than {n} {q}", f"{n} {q} {r}", f"{q}={n}", f"{q}/{r}={n}",
        f"{n}\t{q}", f"{q} of {r}", f"{q} = {n} {r}", f"{r} {n} {q}", f"{q}: {n}", f"{q} {r} {n}", f"{q} {rel}{n}"]))
    indent = draw(st.sampled_from(["  ", "  ", "\t", " ", "", "  \t"]))
    return indent + body + draw(QUOTES) + draw(ENDS)


WORDS = st.sampled_from(["more", "than", "fewer", "about", "of", "in", "=", "<", ">=", "/", "%", "..", "5%", "3..4"])


@st.composite
def tokens(draw) -> str:
    """A line of words, names and numbers in any order."""
    words = draw(st.lists(st.one_of(NAMES, NUMBERS, WORDS), min_size=1, max_size=6))
    return draw(st.sampled_from(["  ", "\t", ""])) + " ".join(words) + draw(QUOTES) + draw(ENDS)


SOURCES = st.sampled_from(["source p", "source q", "source q \"Q\"", "  source p", "source p # c", "source p\r",
                           "source p.q", "sources p", "source  q  ", "source\tq", "source p q", "source five",
                           "source 5", "source", "source x-y", "source ÉTÉ", "source p:", "source: p = 5",
                           "Source p", "source p date 2024-01-02", "\tsource q"])


@st.composite
def tally_text(draw) -> str:
    lines = ["source p"]
    for _ in range(draw(st.integers(1, 30))):
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.one_of(SOURCES, st.sampled_from(["define s0.a = s12.part3 + x-y", "amount s0.a, five",
                                                                  "", "# c", "title \"t\"", "no = 3"]))))
        else:
            lines.append(draw(st.one_of(shaped(), tokens())))
    return "\n".join(lines) + "\n"


def _both_ways(text: str) -> None:
    fast = scan.scan_tally(text, 0)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scan, "_CLAIM", re.compile("(?!)"))  # every line the general way
        mp.setattr(scan, "_SOURCE", re.compile("(?!)"))
        assert fast == scan.scan_tally(text, 0)


@settings(max_examples=600, deadline=None)
@given(text=tally_text())
def test_the_fast_path_finds_what_the_general_scan_finds(text):
    _both_ways(text)


def test_every_line_of_up_to_three_words_under_a_source():
    """Exhaustively, each line of one to three of these words (with a quote or without): what
    random lines reach only now and then."""
    words = ["5", "1,234", "5.42", "40%", "3..4", "x", "killed", "s0.a", "five", "no", "in", "of", "more", "than",
             "about", "=", "<=", "/", ":", "source", "sum", "#"]
    lines = [" ".join(seq) for k in (1, 2, 3) for seq in product(words, repeat=k)]
    lines += [f"{first} {a} {b} x" for first in ("more", "fewer") for a, b in product(words, repeat=2)]
    for line in lines:  # each alone: in one text, the lines would all be joined by the names they share
        for quote in ("", '  "a quote"'):
            _both_ways(f"source p\n  {line}{quote}\n")


def test_the_benchmark_shapes_take_the_fast_path():
    """The shapes of benchmarks/generate.py (the commonest a newsroom writes) are matched."""
    for line in ['  s0.respondents = 31  "31 people answered"', '  s0.score / s0.respondents = 5.42  "an average"',
                 '  184 s2.part0  "184 of them"', '  s4.share0 = 40%  "40% of the budget"',
                 '  more than 1,200 s9.crowd  "more than 1,200"', '  fewer than 900 s9.crowd', '  about 56000 s0.d',
                 '  s7.yes = 52% of s7.voters  "52% of voters"', '  s3.displaced in 55882..56208  "between"']:
        assert scan._CLAIM.fullmatch(line) is not None, line
    assert scan._SOURCE.fullmatch("source union0") is not None
