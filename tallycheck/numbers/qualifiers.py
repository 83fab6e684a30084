"""Qualifier words (SPEC §3): what "about", "more than", "at most"... do to a reading."""

from __future__ import annotations

import math
from fractions import Fraction

from .interval import Interval
from .numtext import exact_string
from .words import ABOUT, AT_LEAST, AT_MOST, FEWER_THAN, JUST_OVER, MORE_THAN, NEARLY


def _s(x: Fraction | None) -> str:
    return "inf" if x is None else exact_string(x)


def show(iv: Interval) -> str:
    return f"{'(' if iv.low_open else '['}{_s(iv.low)}, {_s(iv.high)}{')' if iv.high_open else ']'}"


def _pct(t: Fraction) -> str:
    return exact_string(t * 100) + "%"


def qualify(qual: str, word: str, r, text: str, t: Fraction, integer: bool, said: str = "") -> tuple[Interval, str]:
    """The interval and rule for ``word`` (one of the qualifier words) applied to reading ``r``."""
    n: Fraction = r.value
    said = said or f"{word} {text}"
    iv: Interval = r.interval
    count = integer and r.kind == "number"
    if qual == ABOUT:
        w = t * abs(n)
        out = Interval(iv.low - w, iv.high + w)
        how = "rounding interval" if not iv.exact else "the exact figure"
        return out, (f"{word}: {how} of {text} widened by {_pct(t)} of {text} ({exact_string(w)}) "
                     f"each side: {show(out)}")
    if qual == NEARLY:
        w = t * abs(n)
        out = Interval(n - w, n) if n >= 0 else Interval(n, n + w)
        return out, f"{word}: within {_pct(t)} short of {text}: {show(out)}"
    if qual == JUST_OVER:
        w = t * abs(n)
        out = Interval(n, n + w) if n >= 0 else Interval(n - w, n)
        return out, f"{word}: within {_pct(t)} above {text}: {show(out)}"
    if qual == MORE_THAN:
        if count:
            lo = Fraction(math.floor(n) + 1)
            return Interval(lo, None), f"{said}, for a count: at least {exact_string(lo)}"
        return Interval(n, None, True, True), f"{said}: above {exact_string(n)}, not including it"
    if qual == AT_LEAST:
        if count:
            lo = Fraction(math.ceil(n))
            return Interval(lo, None), f"{said}, for a count: at least {exact_string(lo)}"
        return Interval(n, None), f"{said}: {exact_string(n)} or more"
    if qual == FEWER_THAN:
        if count:
            hi = Fraction(math.ceil(n) - 1)
            return Interval(Fraction(0), hi), f"{said}, for a count: at most {exact_string(hi)}"
        out = Interval(Fraction(0), n, False, True)
        return out, f"{said}: from 0 up to {exact_string(n)}, not including it: {show(out)}"
    if qual == AT_MOST:
        if count:
            hi = Fraction(math.floor(n))
            return Interval(Fraction(0), hi), f"{said}, for a count: at most {exact_string(hi)}"
        out = Interval(Fraction(0), n)
        return out, f"{said}: from 0 up to {exact_string(n)}: {show(out)}"
    raise AssertionError(qual)
