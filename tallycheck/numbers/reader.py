"""read_number: one number text -> its exact :class:`Reading`, or a :class:`NumberError`."""

from __future__ import annotations

import functools
import math
import re
from fractions import Fraction

from .interval import Interval
from .numtext import exact_string
from .lexer import Token, tokenize
from .parser import Parser, Result
from .qualifiers import qualify, show
from .reading import MAX_DIGITS, MAX_TEXT, MAX_WORDS, NumberError, ReadOptions, Reading
from .words import EXACTLY, GLUED_SCALES, PREFIX_QUALIFIERS, SCALE_NAMES, VOCABULARY

_DEFAULT = ReadOptions()

# Fast path: a plain integer or decimal (with thousands commas, a sign, a percent sign).
_FAST_POINT = re.compile(r"[ \t]*([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([ \t]*%)?[ \t]*\Z")
_FAST_COMMA = re.compile(r"[ \t]*([+\-−]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?([ \t]*%)?[ \t]*\Z")
# ... and such a number after a qualifier, as the parser spells it (lower case, one space):
# "about 250", "more than 1,200", "nearly 40%" -- the commonest phrase.
_FAST_QUALIFIER = re.compile("[ \t]*(" + "|".join(sorted(
    (" ".join(seq) for seq, qual in PREFIX_QUALIFIERS.items() if qual != EXACTLY and all(w.isalpha() for w in seq)),
    key=len, reverse=True)) + ") (?=\\d)")
_DECIMAL_RULES: dict[int, str] = {}
_PERCENT_RULES: dict[int, str] = {}

_EXACT_INTEGER = "integer as written: exact"
_EXACT_NEGATIVE = "integer as written: exact; negative"


def _percent_rule(k: int) -> str:
    from .parser import _place_name

    r = _PERCENT_RULES.get(k)
    if r is None:
        place = Fraction(1, 10**k)
        r = _PERCENT_RULES[k] = (f"percentage rounded at the last shown digit "
                                 f"({_place_name(place, 'percent')}): ±{exact_string(place / 2)}%; "
                                 f"read as the proportion ")
    return r


def _decimal_rule(k: int) -> str:
    from .parser import _place_name

    r = _DECIMAL_RULES.get(k)
    if r is None:
        place = Fraction(1, 10**k)
        r = _DECIMAL_RULES[k] = f"rounded at the last shown digit ({_place_name(place, '')}): ±{exact_string(place / 2)}"
    return r


def _fast(text: str, options: ReadOptions, integer: bool) -> Reading | None:
    """The reading of a plain number, or of one after a qualifier, as the general reader
    gives it (tests/numbers/test_number_properties.py), without tokens; None for any other
    text, or one the general reader refuses or explains."""
    q = _FAST_QUALIFIER.match(text)
    if q is not None:
        return _fast_qualified(text, q, options, integer)
    m = (_FAST_COMMA if options.decimal_comma else _FAST_POINT).match(text)
    if m is None:
        return None
    sign, ip, fp, pct = m.groups()
    if len(ip) + len(fp or "") > MAX_DIGITS:
        return None
    if "," in ip or "." in ip:
        ip = ip.replace("," if not options.decimal_comma else ".", "")
    neg = bool(sign) and sign != "+" and (bool(pct) or bool(fp) or ip.strip("0") != "")
    if integer and (neg or fp or pct):
        return None  # counts: the general reader explains
    shown = text
    if not fp and not pct:
        v = int(ip)
        value = Fraction(-v if neg else v)
        return Reading(shown, value, Interval(value, value), _EXACT_INTEGER if not neg else _EXACT_NEGATIVE,
                       "number")
    k = len(fp) if fp else 0
    n = int(ip + fp) if fp else int(ip)
    if pct:
        den = 10 ** (k + 2)
        value = Fraction(n, den)
        half = Fraction(1, 2 * den)
        rule = _percent_rule(k) + exact_string(value)
        kind = "percent"
    else:
        den = 10**k
        value = Fraction(n, den)
        half = Fraction(1, 2 * den)
        rule = _decimal_rule(k)
        kind = "number"
    if neg:
        value = -value
        rule += "; negative"
    return Reading(shown, value, Interval(value - half, value + half), rule, kind, rounded=True)


def _fast_qualified(text: str, q: re.Match, options: ReadOptions, integer: bool) -> Reading | None:
    """``about 250``: the number read by :func:`_fast`, the qualifier applied as the parser
    applies it (:meth:`Parser.apply_qualifier`, :func:`finish`)."""
    r = _fast(text[q.end():], options, integer)
    if r is None:
        return None
    word, number = q.group(1), r.text.rstrip(" \t")
    iv, rule = qualify(PREFIX_QUALIFIERS[tuple(word.split(" "))], word, r, number, options.approximate, integer,
                       f"{word} {number}")
    if iv.empty:
        return None  # the general reader says why
    try:
        return finish(text, Result(r.value, iv, rule, r.kind, qualified=True), integer, text, 0, len(text))
    except NumberError:
        return None


def read_number(text: str, options: ReadOptions = _DEFAULT, *, integer: bool = False) -> Reading:
    """Read one number text (SPEC §3) into its exact interval, with the rule that gave it.

    ``integer=True``: the quantity is a count (a non-negative integer); bounds are
    tightened to whole numbers ("more than 200" is "at least 201").
    Raises :class:`NumberError` when the text is not a number, is ambiguous, or exceeds
    a limit.
    """
    if len(text) > MAX_TEXT:
        return _too_long(text)
    fast = _fast(text, options, integer)
    if fast is not None:
        return fast
    return _read_cached(text, options, integer)


def _too_long(text: str):
    head = text[:2000].strip()
    if head and re.fullmatch(r"[\d,. \u00a0\u202f]+", head):
        raise NumberError(f"this number has more than {MAX_DIGITS} digits ({len(text)} characters); "
                          f"tallycheck reads numbers of up to {MAX_DIGITS} digits", 0, len(text), limit=True)
    raise NumberError(f"text too long to be one number ({len(text)} characters; the limit is {MAX_TEXT})",
                      0, len(text), limit=True)


def _read(text: str, options: ReadOptions, integer: bool) -> Reading:
    """The general reader (readings are immutable, so repeated texts are cached)."""
    toks = tokenize(text, options.decimal_comma)
    if not toks:
        raise NumberError("empty text: no number to read", 0, len(text))
    if len(toks) > MAX_WORDS:
        raise NumberError(f"too many words to be one number ({len(toks)}; the limit is {MAX_WORDS})",
                          toks[MAX_WORDS].start, len(text), limit=True)
    for t in toks:
        if t.error is not None:
            raise t.error
    p = Parser(text, toks, options, integer=integer)
    r = p.phrase(0)
    if r is None or r.end < len(toks):
        raise _explain(text, toks, r)
    return finish(text, r, integer, text, toks[0].start, toks[-1].end)


def finish(shown: str, r: Result, integer: bool, whole: str, start: int, end: int) -> Reading:
    """Result -> Reading, tightening a count to whole numbers."""
    iv, rule = r.interval, r.rule
    if integer and r.kind in ("number", "range"):
        iv2 = _whole(iv)
        if iv2 is None:
            raise NumberError(f"'{shown}' cannot be a count: no whole number of at least 0 lies in {show(iv)}",
                              start, end, hard=True)
        if iv2 != iv and "for a count" not in rule:
            rule += f"; for a count: {show(iv2)}"
        iv = iv2
    return Reading(shown, r.value, iv, rule, r.kind, r.currency,
                   rounded=not r.qualified and r.value is not None and not r.interval.exact)


def _whole(iv: Interval) -> Interval | None:
    lo, hi = iv.low, iv.high
    if lo is None or lo < 0:
        lo2 = Fraction(0)
    else:
        c = math.ceil(lo)
        lo2 = Fraction(c + 1 if (iv.low_open and c == lo) else c)
    if hi is None:
        hi2 = None
    else:
        f = math.floor(hi)
        hi2 = Fraction(f - 1 if (iv.high_open and f == hi) else f)
        if hi2 < lo2:
            return None
    return Interval(lo2, hi2)


def _explain(text: str, toks: list[Token], r: Result | None) -> NumberError:
    """Why the tokens are not one number: the first unknown word, or where reading stopped."""
    for k, t in enumerate(toks):
        if t.kind == "word" and t.key in GLUED_SCALES and t.key not in VOCABULARY:
            if t.glued and k > 0 and toks[k - 1].kind == "num":
                continue  # "12k": a glued scale, not a word
            return NumberError(f"'{text.strip()}' is not a number: '{t.text}' is read as a scale only when glued "
                               f"to the digits (write '{toks[k - 1].text if k else '1'}{t.text}' or the scale in full, "
                               f"'{SCALE_NAMES[GLUED_SCALES[t.key]]}')", t.start, t.end)
        if t.kind == "word" and t.key not in VOCABULARY:
            return NumberError(f"'{text.strip()}' is not a number: '{t.text}' is not a word tallycheck "
                               f"reads in numbers", t.start, t.end)
    if r is None:
        t = toks[0]
        return NumberError(f"'{text.strip()}' is not a number tallycheck can read", t.start, toks[-1].end)
    t = toks[r.end]
    read = text[toks[r.start].start: toks[r.end - 1].end]
    if t.key in ("-", "–", "—", "to") and r.qualified:
        return NumberError(f"'{text.strip()}': a qualifier cannot apply to a range; write the range alone "
                           f"('{text[toks[r.end - 1].start:].strip()}') or one qualified number", t.start,
                           toks[-1].end)
    return NumberError(f"'{text.strip()}' is not one number: read '{read}', then '{t.text}' is left over",
                       t.start, toks[-1].end)


_read_cached = functools.lru_cache(maxsize=4096)(_read)
