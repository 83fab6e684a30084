"""find_mentions: every numeric mention in prose, read by the one reader."""

from __future__ import annotations

from .before import lone_article, numberish, starts_clean
from .lexer import tokenize
from .parser import Parser
from .reader import finish
from .reading import LOOKBACK_WORDS, Mention, NumberError, ReadOptions, Reading

_DEFAULT = ReadOptions()


def _line_col(text: str, pos: int, line_starts: list[int]) -> tuple[int, int]:
    import bisect

    k = bisect.bisect_right(line_starts, pos) - 1
    return k + 1, pos - line_starts[k] + 1


def find_mentions(text: str, options: ReadOptions = _DEFAULT) -> list[Mention]:
    """Every numeric mention in ``text``: digits, number words, scales, percentages, money,
    ranges (kind "range") and years (kind "year").  A mention the reader refuses has
    ``reading=None`` and the reason in ``error``."""
    toks = tokenize(text, options.decimal_comma)
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    out: list[Mention] = []
    n = len(toks)
    keys = [t.key for t in toks]
    i = 0
    while i < n:
        t = toks[i]
        if not numberish(t) or not starts_clean(text, t) or (t.kind == "sym" and t.key in (".", ",")):
            i += 1
            continue
        # the run of number-like tokens from here (a mention never spans a line)
        j = i
        while j < n and numberish(toks[j]) and j - i < LOOKBACK_WORDS and "\n" not in text[toks[i].start:toks[j].end]:
            j += 1
        p = Parser(text, toks, options, prose=True, end=j, keys=keys)
        try:
            r = p.phrase(i)
        except NumberError as e:
            years = getattr(e, "years", None)
            end_tok = _token_ending(toks, e.end, i, j)
            s, e_ = t.start, toks[end_tok].end
            line, col = _line_col(text, s, line_starts)
            if years is not None:
                out.append(Mention(s, e_, line, col, text[s:e_], None, "year"))
            else:
                out.append(Mention(s, e_, line, col, text[s:e_], None, "number", e.message))
            i = end_tok + 1
            continue
        if r is None or lone_article(toks, i, r.end) or (r.end - i == 1 and t.key == "one"):
            i += 1
            continue
        s, e_ = t.start, toks[r.end - 1].end
        shown = text[s:e_]
        reading = finish(shown, r, False, text, s, e_)
        kind = reading.kind
        a = r.amount
        if kind == "number" and a is not None and a.plain and len(a.plain) == 4 and r.end - i == 1 \
                and 1800 <= int(a.plain) <= 2100:
            kind = "year"
            reading = Reading(reading.text, reading.value, reading.interval, "a year", "year")
        line, col = _line_col(text, s, line_starts)
        out.append(Mention(s, e_, line, col, shown, reading, kind))
        i = r.end
    return out


def _token_ending(toks, end, i, j) -> int:
    if end is None:
        return i
    for k in range(i, j):
        if toks[k].end >= end:
            return k
    return j - 1
