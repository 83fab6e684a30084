"""Pathological inputs are refused at once with a clear limit, never a hang."""

from __future__ import annotations

import pytest

from tallycheck.numbers import (
    MAX_DIGITS, MAX_EXPONENT, NumberError, find_mentions, number_before, read_number,
)

PATHOLOGICAL = [
    "1e999999999",
    "1e-999999999",
    "1.5E+123456789012345678901234567890",
    "9" * 10_000,
    "1," + ",".join(["000"] * 5_000),
    "0." + "0" * 10_000 + "1",
    "nine hundred " * 10_000,
    "one " * 5_000,
    "more than " * 1_000 + "5",
    "-" * 10_000 + "5",
    "1" + "e" * 10_000,
    "1" * (MAX_DIGITS + 1),
    f"1e{MAX_EXPONENT + 1}",
    "between " + "1 and " * 5_000 + "2",
    "9" * 50 + " trillion",
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: t[:20] + f"…({len(t)})")
def test_refused(text):
    with pytest.raises(NumberError) as info:
        read_number(text)
    e = info.value
    assert e.message and len(e.message) < 400
    assert 0 <= e.start <= len(text)


@pytest.mark.parametrize("text", ["1e999999999", "9" * 10_000, "nine hundred " * 10_000, "1" * (MAX_DIGITS + 1)])
def test_refused_as_a_limit(text):
    with pytest.raises(NumberError) as info:
        read_number(text)
    assert info.value.limit
    assert "limit" in info.value.message or "up to" in info.value.message


def test_largest_numbers_still_read():
    assert read_number("9" * MAX_DIGITS).value == int("9" * MAX_DIGITS)
    assert read_number(f"1e{MAX_EXPONENT}").value == 10**MAX_EXPONENT
    assert read_number(f"1e-{MAX_EXPONENT}").value * 10**MAX_EXPONENT == 1


@pytest.mark.parametrize("text", PATHOLOGICAL[:8], ids=lambda t: t[:20] + f"…({len(t)})")
def test_prose_with_pathological_numbers(text):
    prose = "they said " + text + " people"
    for m in find_mentions(prose):
        assert m.reading is not None or m.error is not None or m.kind == "year"
    try:
        number_before(prose, len(prose) - len(" people"))
    except NumberError as e:
        assert e.message
