"""Showing exact numbers to people and machines: one place for both."""

from __future__ import annotations

from fractions import Fraction


def exact_string(x: Fraction | int) -> str:
    """Exact, machine-readable: a terminating decimal ("1150000", "7.215") or "a/b"."""
    num, den = x.numerator, x.denominator
    if den == 1:  # an int, or a whole Fraction
        return str(num)
    d = den
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{num}/{den}"
    places = max(twos, fives)
    scaled = abs(num) * (10**places // den)
    sign = "-" if num < 0 else ""
    digits = str(scaled).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def format_number(x: Fraction | int, places: int = 2) -> str:
    """For people: exact when it terminates, else rounded to ``places`` decimals with '≈'."""
    s = exact_string(x)
    if "/" not in s:
        return s
    x = Fraction(x)
    scaled = round(x * 10**places)  # Fraction rounding: exact, half to even
    q = Fraction(scaled, 10**places)
    return "≈" + exact_string(q)
