"""number_before: the number written just before a ``{Q}`` tag in a quote."""

from __future__ import annotations

from .lexer import Token, tokenize
from .parser import Parser
from .reader import finish
from .reading import LOOKBACK_WORDS, NumberError, ReadOptions, Reading
from .words import CURRENCY_CODES, CURRENCY_WORDS, GLUED_SCALES, SCALES, VOCABULARY

_DEFAULT = ReadOptions()
_WINDOW = 400  # characters looked at before the tag
# symbols that may be part of a number text
NUMBER_SYMBOLS = frozenset("%‰~≈+-–—−$£€¥₹₽₴½¼¾⅓⅔.,") | {"US$", "A$", "AU$", "C$", "CA$", "NZ$", "HK$"}


def numberish(t: Token) -> bool:
    if t.kind == "num":
        return True
    if t.kind == "word":
        return t.key in VOCABULARY or t.key in ("k", "m", "b")
    return t.key in NUMBER_SYMBOLS


def starts_clean(text: str, t: Token) -> bool:
    """A number may start at t: not glued to a letter or digit before it ("MH17", "250-200")."""
    if t.start == 0:
        return True
    prev = text[t.start - 1]
    if prev.isalnum():
        return False
    if prev in "-–—−.,/" and t.start >= 2 and text[t.start - 2].isalnum():
        return False
    return True


def lone_article(toks: list[Token], i: int, j: int) -> bool:
    return j - i == 1 and toks[i].key in ("a", "an")


def number_before(text: str, end: int, options: ReadOptions = _DEFAULT) -> tuple[int, Reading] | None:
    """The number written just before ``end`` (where a ``{Q}`` tag starts), with its qualifiers.

    Returns ``(start, reading)`` for the longest run of words ending at ``end`` that reads
    as one number (looking back at most a dozen words), or None when no number is
    written there.  A lone "a"/"an" is not a number here ("an additional 75").  Raises
    :class:`NumberError` when the number there is refused (a decimal comma, a span of
    years, a limit).
    """
    lo = max(0, end - _WINDOW)
    toks = tokenize(text, options.decimal_comma, lo, end)
    if lo > 0 and toks and toks[0].start == lo and not text[lo - 1].isspace():
        toks = toks[1:]  # the window cut a token
    if not toks or toks[-1].end != end and text[toks[-1].end:end].strip():
        return None
    # the run of number-like tokens ending at the tag
    first = len(toks)
    while first > 0 and numberish(toks[first - 1]) and len(toks) - first < LOOKBACK_WORDS:
        first -= 1
    toks = toks[first:]
    n = len(toks)
    if n == 0:
        return None
    p = Parser(text, toks, options, prose=True)
    for i in range(n):
        t = toks[i]
        if not starts_clean(text, t):
            continue
        if t.kind == "sym" and t.key in (".", ","):
            continue
        try:
            r = p.phrase(i)
        except NumberError as e:
            if e.hard and _covers_last(toks, e):
                raise
            continue
        if r is None or r.end != n or lone_article(toks, i, n):
            continue
        start = t.start
        return start, finish(text[start:toks[-1].end], r, False, text, start, toks[-1].end)
    return None


_SUFFIXES = frozenset(SCALES) | frozenset(GLUED_SCALES) | frozenset(CURRENCY_CODES) | frozenset(CURRENCY_WORDS) | {
    "%", "‰", "per", "cent", "percent", "pc", "percentage", "point", "points", "pp", "times", "-", "fold", "mille"}


def _covers_last(toks: list[Token], e: NumberError) -> bool:
    """The refused part is the number just before the tag ("1,5", "1,5 million", "2012–13")."""
    if e.end is None:
        return False
    return all(t.key in _SUFFIXES for t in toks if t.start >= e.end)
