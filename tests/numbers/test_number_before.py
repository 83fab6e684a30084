"""number_before: the number written just before a {Q} tag."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tallycheck.numbers import NumberError, ReadOptions, number_before


def before(text: str, options: ReadOptions = ReadOptions()):
    """The number before a '{' in text (or at the end)."""
    end = text.index("{") if "{" in text else len(text)
    found = number_before(text, end, options)
    if found is None:
        return None
    start, r = found
    assert text[start:end].rstrip() == r.text.rstrip()
    return r.text, r.interval.low, r.interval.high, r.interval.low_open, r.interval.high_open


@pytest.mark.parametrize("text,want", [
    # the seed article (SPEC §1)
    ("the exchange took place according to the formula 173{returned.swap}", ("173", 173, 173, False, False)),
    ("according to the formula 173{returned.swap} to 173{released.swap}", ("173", 173, 173, False, False)),
    ("an additional 75{returned.extra} soldiers returned home", ("75", 75, 75, False, False)),
    ("returned home in exchange for five{released.extra} fighters", ("five", 5, 5, False, False)),
    ("the return of 248{returned} military personnel", ("248", 248, 248, False, False)),
    # qualifiers are part of the number
    ("officials said more than 200{killed} people died", ("more than 200", 200, None, True, True)),
    ("about 1.2 million{displaced}", ("about 1.2 million", 1030000, 1370000, False, False)),
    ("Nearly half{share} of voters", ("Nearly half", Fraction(9, 20), Fraction(1, 2), False, False)),
    ("some 75{x} returned", ("some 75", Fraction(135, 2), Fraction(165, 2), False, False)),
    ("at least 1,000{x}", ("at least 1,000", 1000, None, False, True)),
    ("up to 30%{x}", ("up to 30%", 0, Fraction(3, 10), False, False)),
    ("killed 2,400{killed}", ("2,400", 2400, 2400, False, False)),
    ("a dozen{x} were hurt", ("a dozen", 12, 12, False, False)),
    ("hurt were dozens{x}", ("dozens", 24, 99, False, False)),
    ("it cost $3bn{cost}", ("$3bn", 2500000000, 3500000000, False, False)),
    ("between 200 and 250{dead}", ("between 200 and 250", 200, 250, False, False)),
    ("200-250{dead}", ("200-250", 200, 250, False, False)),
    ("one in five{share} adults", ("one in five", Fraction(2, 11), Fraction(2, 9), False, False)),
    ("(42.7%{yes})", ("42.7%", Fraction(853, 2000), Fraction(171, 400), False, False)),
    ("killed 1 234{x}", ("1 234", 1234, 1234, False, False)),
    ("the exchange of two hundred and forty-eight{x}", ("two hundred and forty-eight", 248, 248, False, False)),
    ("it was one{x}", ("one", 1, 1, False, False)),
    ("was -5{x}", ("-5", -5, -5, False, False)),
    ("75 {x}", ("75", 75, 75, False, False)),
    # a number a range cannot start: "X to Y" in prose is an exchange or a change, not a range
    ("rose from 200 to 250{x}", ("250", 250, 250, False, False)),
    ("swapped 50 to 173{x}", ("173", 173, 173, False, False)),
    ("a total of 248{x}", ("248", 248, 248, False, False)),
    ("out of 248{x}", ("248", 248, 248, False, False)),
    ("in 2023, 400{x}", ("400", 400, 400, False, False)),
    ("75 in 2023{x}", ("2023", 2023, 2023, False, False)),
    ("in 2012–13 more than 200{x}", ("more than 200", 200, None, True, True)),
    ("a $5-million{x} contract", ("$5-million", 4500000, 5500000, False, False)),
])
def test_number_before(text, want):
    got = before(text)
    assert got is not None, text
    t, lo, hi, lo_open, hi_open = want
    assert got == (t, None if lo is None else Fraction(lo), None if hi is None else Fraction(hi), lo_open, hi_open)


@pytest.mark.parametrize("text", [
    "an additional{x} soldiers", "killed a{x}", "soldiers{x}", "{x}", "", "an{x}", "returned home{x}",
    "the MH17{x}", "to{x}", "more than{x}", "in 2012–13, a{x}",
])
def test_no_number_before(text):
    assert before(text) is None


@pytest.mark.parametrize("text,part", [
    ("it was 1,5{x}", "decimal comma"),
    ("in 2012–13{x}", "span of years"),
    ("killed 250-200{x}", "smaller than the second"),
    ("it was 1,5 million{x}", "decimal comma"),
    ("it rose 1,5%{x}", "decimal comma"),
])
def test_refused_number_before(text, part):
    with pytest.raises(NumberError) as info:
        before(text)
    assert part in info.value.message
    # the offsets point into the text given
    e = info.value
    assert text[e.start:e.end] in text and e.start < e.end


def test_number_before_decimal_comma():
    assert before("it was 1,5{x}", ReadOptions(decimal_comma=True))[1:3] == (Fraction(29, 20), Fraction(31, 20))


def test_number_before_takes_the_number_not_the_words_before_it():
    text = "x " + "one " * 40 + "five"
    found = number_before(text, len(text))
    assert found is not None and found[1].text == "five"


def test_number_before_long_prefix_is_quick():
    text = "word " * 100_000 + "75"
    found = number_before(text, len(text))
    assert found is not None and found[1].value == 75
