"""VOCABULARY is exactly the words the reader understands."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tallycheck.numbers import NUMBER_WORDS, VOCABULARY, NumberError, find_mentions, read_number, words

CASES = Path(__file__).with_name("cases.tsv")
GLUED = set(words.GLUED_SCALES)


def test_vocabulary_is_lower_case_words():
    assert VOCABULARY
    for w in VOCABULARY:
        assert w == w.lower() and re.fullmatch(r"[a-z]+", w), w
    assert NUMBER_WORDS <= VOCABULARY


def test_every_table_word_is_in_the_vocabulary():
    tables = [words.UNITS, words.TEENS, words.TENS, words.SCALES, words.SCALE_ABBREVIATIONS, words.DENOMINATORS,
              words.FACTOR_WORDS, words.FOLD_WORDS, words.CURRENCY_CODES, words.CURRENCY_WORDS]
    for table in tables:
        assert set(table) <= VOCABULARY
    for seqs in (words.PREFIX_QUALIFIERS, words.POSTFIX_QUALIFIERS, words.VAGUE):
        for seq in seqs:
            for w in seq:
                assert not w.isalpha() or w in VOCABULARY, w


def test_every_word_read_in_the_table_is_in_the_vocabulary():
    for line in CASES.read_text(encoding="utf-8").split("\n"):
        cols = line.split("\t")
        if len(cols) < 8 or line.startswith("#") or cols[1] == "ERROR":
            continue
        for w in re.findall(r"[^\W\d_]+", cols[0]):
            low = w.lower()
            if low in ("e", "us") or low in GLUED or not low.isalpha():
                continue  # 1e6, US$, 12k
            assert low in VOCABULARY, (cols[0], w)


def test_a_word_outside_the_vocabulary_is_refused():
    for text in ["248 soldiers", "several thousand", "a few", "umpteen"]:
        try:
            read_number(text)
        except NumberError as e:
            assert "not a word tallycheck reads" in e.message
        else:
            raise AssertionError(text)


def test_common_words_are_not_numbers():
    for w in ["soldiers", "returned", "total", "swap", "extra", "killed", "x", "y", "n", "q"]:
        assert w not in VOCABULARY


PIECES = sorted(VOCABULARY) + ["248", "1,234", "7.22", "12,5", "1 234", "-", "–", "%", "$", "£", "~", "+", ",", ".",
                                 "k", "m", "bn", "2012", "13", "0", "1e6", "½", "/", "(", "{x}"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8), st.sampled_from([" ", "", "-"]))
def test_any_word_salad_reads_or_is_refused_cleanly(pieces, sep):
    text = sep.join(pieces)
    try:
        r = read_number(text)
    except NumberError as e:
        assert e.message
        assert 0 <= e.start <= len(text) and (e.end is None or e.start <= e.end <= len(text))
    else:
        iv = r.interval
        assert not iv.empty, (text, r)
        assert r.rule and r.text == text
        if r.exact:
            assert r.value == iv.low, (text, r)
        if r.value is None:
            assert r.kind in ("range", "number") and not r.exact
    for m in find_mentions(text):
        assert text[m.start:m.end] == m.text
