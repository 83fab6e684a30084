"""A fast path for the commonest line shapes, read without the grammar.

The lark grammar (``grammars/tally.lark``) stays the grammar of record: :func:`read_common_line`
either returns exactly what :func:`tallycheck.read.parse.parse_line` would return for the same
line, or ``None`` (then the grammar reads it).  It only accepts lines it can read beyond
doubt; ``tests/pipeline/test_fastline.py`` checks it against the grammar on generated lines.

Shapes read here (with any spacing the grammar allows):

- ``title "Title"``
- ``source NAME``, ``source NAME "Name"``, either with a date ``YYYY-MM-DD`` after it
- ``count NAME, NAME …`` (and ``amount``, ``real``, ``cumulative``)
- ``NAME REL NUMBER ["quote"]`` (a structured claim of one quantity and one plain number; the
  quantity may be dated, ``deaths@2024-01-31 = 120``, here and in ``NAME in …``)
- ``NAME / NAME REL NUMBER ["quote"]``
- ``NAME = NUMBER% of NAME ["quote"]``
- ``NAME in NUMBER..NUMBER ["quote"]``
- ``NUMBER NAME ["quote"]``, also after ``more than``, ``about`` … (a phrase claim)
- ``define NAME = NAME + NAME …`` and ``define NAME + NAME … = NUMBER``

A file whose lines all take these shapes is read without building the lark parser.

A plain number here is digits with comma thousands separators, an optional decimal part
and an optional ``%``; a quote here has no tags, escapes or ``#``.  Anything else —
number words, currencies, tags, a source's URL, parentheses — goes to the grammar.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Token

from . import syntax as s
from ..diagnostics import Location
from .dates import valid_date
from .grammar import parser

_NAME = r"(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?"
_QUOTE = r'"[^"\\{}#\n]*"'
_WS = r"[ \t]"

_DATED = rf"(?:{_WS}*@{_WS}*(?P<date>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}))?"  # q@DATE (a cumulative count)
_CLAIM = re.compile(
    rf"(?P<indent>{_WS}*)(?P<name>{_NAME}){_DATED}(?:{_WS}*/{_WS}*(?P<per>{_NAME}))?{_WS}*(?P<rel>=|!=|<=|>=|<|>|~){_WS}*"
    rf"(?P<num>{_NUM})(?:{_WS}+of{_WS}+(?P<base>{_NAME}))?"
    rf"(?:{_WS}+(?P<quote>{_QUOTE}))?{_WS}*\Z"
)
_WITHIN = re.compile(
    rf"(?P<indent>{_WS}*)(?P<name>{_NAME}){_DATED}{_WS}+in{_WS}+(?P<low>{_NUM}){_WS}*\.\.{_WS}*(?P<high>{_NUM})"
    rf"(?:{_WS}+(?P<quote>{_QUOTE}))?{_WS}*\Z"
)
# qualifiers the grammar reads as one word token before the digits of a phrase claim
_QUALIFIER = r"(?:(?:more|fewer|less)[ \t]+than|at[ \t]+(?:least|most)|up[ \t]+to|about|around|nearly|almost|over|under|roughly|approximately)"
_PHRASE = re.compile(
    rf"(?P<indent>{_WS}*)(?P<num>(?:{_QUALIFIER}{_WS}+)?(?:{_NUM})){_WS}+(?P<name>{_NAME})"
    rf"(?:{_WS}+(?P<quote>{_QUOTE}))?{_WS}*\Z"
)
_DEFINE_TOTAL = re.compile(
    rf"define{_WS}+(?P<terms>{_NAME}(?:{_WS}*\+{_WS}*{_NAME})*){_WS}*={_WS}*(?P<num>{_NUM}){_WS}*\Z"
)
_TITLE = re.compile(rf"title{_WS}+(?P<quote>{_QUOTE}){_WS}*\Z")
_SOURCE = re.compile(
    rf"source{_WS}+(?P<name>{_NAME})(?:{_WS}+(?P<quote>{_QUOTE}))?(?:{_WS}+(?P<date>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}))?{_WS}*\Z"
)
_DECLARE = re.compile(rf"(?P<kind>count|amount|real|cumulative){_WS}+(?P<names>{_NAME}(?:{_WS}*,{_WS}*{_NAME})*){_WS}*\Z")
_DEFINE = re.compile(
    rf"define{_WS}+(?P<left>{_NAME}){_WS}*={_WS}*(?P<terms>{_NAME}(?:{_WS}*\+{_WS}*{_NAME})+){_WS}*\Z"
)
_NAME_RE = re.compile(_NAME)
_KEYWORDS = frozenset("title source define count amount real cumulative set in sum to of".split())


@lru_cache(maxsize=1)
def _number_starts():
    """Regexes of the grammar's number terminals: a name they match at its start is not a name."""
    lark = parser()
    pats = []
    for t in lark.terminals:
        if t.name in ("NUMLIT", "APPROXLIT", "NUMWORDS", "DATE"):
            pats.append(re.compile(t.pattern.to_regexp(), re.I if "i" in t.pattern.flags else 0))
    return tuple(pats)


_LETTERS = re.compile(r"[A-Za-z]*")
_CODES = frozenset(("EUR", "USD", "GBP", "UAH", "RUB"))  # NUMLIT's currency codes before digits


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every entry of the number words (what NUMWORDS can start with)."""
    from ..numbers import VOCABULARY

    return frozenset(re.split(r"[^a-z]", w.lower())[0] for w in VOCABULARY)


def _is_plain(name: str) -> bool:
    """Whether the grammar reads ``name`` as a NAME token (not a keyword or the start of a number)."""
    if name in _KEYWORDS:
        return False
    if name.isascii() and name[:3] not in _CODES and _LETTERS.match(name).group().lower() not in _first_words():
        return True  # no number terminal can start here: it is not worth the regexes
    return not any(p.match(name) for p in _number_starts())


class _PlainNames(dict):
    """``_PLAIN[name]``: :func:`_is_plain`, remembered for up to a million names (a lookup, not a call)."""

    def __missing__(self, name: str) -> bool:
        known = _is_plain(name)
        if len(self) < 1_000_000:
            self[name] = known
        return known


_PLAIN = _PlainNames()


_STATEMENT_STARTS = frozenset("sdcart")  # source, define, count, amount, real, cumulative, title
_DIGITS = frozenset("0123456789")  # where no NAME starts (``(?!\d)``): only a phrase claim can


def read_common_line(line: str, file: str, lineno: int):
    """``(kind, payload)`` as the grammar's transformer gives it, or ``None`` (not a common shape)."""
    first = line[:1]
    if first in _STATEMENT_STARTS:
        item = None
        if line.startswith("source"):
            item = _source(line, file, lineno)
        elif line.startswith("define"):
            item = _define(line, file, lineno)
        elif line.startswith("title"):
            m = _TITLE.match(line)
            if m is not None:
                return ("title", _quote_token(m))
        else:
            m = _DECLARE.match(line)
            if m is not None:
                item = _declare(m, file, lineno)
        if item is not None:
            return item
    elif first == " " or first == "\t":
        first = line.lstrip(" \t")[:1]
    if first in _DIGITS:  # `N q`: the claim and range shapes start with a name
        m = _PHRASE.match(line)
        return _phrase(m, file, lineno) if m is not None else None
    m = _CLAIM.match(line)
    if m is not None:
        return _claim(m, line, file, lineno)
    m = _PHRASE.match(line)
    if m is not None:
        return _phrase(m, file, lineno)
    m = _WITHIN.match(line)
    if m is not None:
        return _within(m, line, file, lineno)
    return None


def _loc(file: str, lineno: int, span: tuple[int, int]) -> Location:
    """The location of a match's ``span`` (0-based string positions) in the file (1-based columns)."""
    return Location(file, lineno, span[0] + 1, span[1] + 1)


def _claim(m: re.Match, line: str, file: str, lineno: int):
    name, per, num, base = m.group("name", "per", "num", "base")
    if base is not None and (per is not None or not num.endswith("%") or not _PLAIN[base]):
        return None
    if not _PLAIN[name] or (per is not None and not _PLAIN[per]):
        return None
    ref = _ref(m, file, lineno)
    if ref is None:
        return None
    if per is not None:
        ref = s.BinOp("/", ref, s.Ref(per, None, _loc(file, lineno, m.span("per"))))
    right = s.Number(num, _loc(file, lineno, m.span("num")))
    end = m.end("num")
    if base is not None:
        right = s.ShareOf(right, s.Ref(base, None, _loc(file, lineno, m.span("base"))))
        end = m.end("base")
    rel = s.Relation(ref, m.group("rel"), right)
    return _structured(rel, m, line, file, lineno, end)


def _ref(m: re.Match, file: str, lineno: int) -> s.Ref | None:
    """The claim's first quantity, with its date (``deaths@2024-01-31``: the name and date are its span);
    None for a date that is not a real one (the grammar's error)."""
    date = m.group("date")
    if date is None:
        return s.Ref(m.group("name"), None, _loc(file, lineno, m.span("name")))
    if not valid_date(date):
        return None
    return s.Ref(m.group("name"), date, _loc(file, lineno, (m.start("name"), m.end("date"))))


def _quote_token(m: re.Match):
    """The ``quote`` group as the grammar's QUOTE token (one line: columns are positions + 1)."""
    quote = m.group("quote")
    if quote is None:
        return None
    start, end = m.span("quote")
    return Token("QUOTE", quote, start, 1, start + 1, 1, end + 1, end)


def _structured(rel: s.Relation, m: re.Match, line: str, file: str, lineno: int, end: int):
    start = m.start("name")
    quote = _quote_token(m)
    if quote is not None:
        text = line[start : quote.start_pos].strip()
        end = quote.end_pos
    else:
        text = line[start:end].strip()
    return ("claim", ("structured", [(rel, text, Location(file, lineno, start + 1, end + 1))], quote))


def _within(m: re.Match, line: str, file: str, lineno: int):
    name, low, high = m.group("name", "low", "high")
    if not _PLAIN[name]:
        return None
    ref = _ref(m, file, lineno)
    if ref is None:
        return None
    low = s.Number(low, _loc(file, lineno, m.span("low")))
    high = s.Number(high, _loc(file, lineno, m.span("high")))
    return _structured(s.Relation(ref, "in", s.Bounds(low, high)), m, line, file, lineno, m.end("high"))


def _phrase(m: re.Match, file: str, lineno: int):
    name, text = m.group("name", "num")
    if not _PLAIN[name]:
        return None
    ref = s.Ref(name, None, _loc(file, lineno, m.span("name")))
    loc = _loc(file, lineno, m.span("num"))
    pairs = [(s.Relation(ref, "=", s.Number(text, loc)), f"{text} {name}", loc)]
    return ("claim", ("phrase", pairs, _quote_token(m)))


def _source(line: str, file: str, lineno: int):
    m = _SOURCE.match(line)
    if m is None:
        return None
    ident, quote, date = m.group("name", "quote", "date")
    if not _PLAIN[ident] or (date is not None and not valid_date(date)):  # (a wrong date: the grammar's error)
        return None
    end = m.end("date") if date is not None else m.end("quote") if quote is not None else m.end("name")
    name = quote[1:-1] if quote is not None else None
    return ("source", s.SourceDecl(ident, name, date, None, Location(file, lineno, 1, end + 1)))


def _declare(m: re.Match, file: str, lineno: int):
    names = []
    base = m.start("names")
    for nm in _NAME_RE.finditer(m.group("names")):
        name = nm.group()
        if not _PLAIN[name]:
            return None
        start, end = nm.span()
        names.append((name, Location(file, lineno, base + start + 1, base + end + 1)))
    return ("declare", s.Declare(m.group("kind"), tuple(names), Location(file, lineno, 1, m.end("names") + 1)))


def _define(line: str, file: str, lineno: int):
    m = _DEFINE.match(line)
    if m is None:
        return _define_total(line, file, lineno)
    left = m.group("left")
    if not _PLAIN[left]:
        return None
    expr = _sum_of_names(m, file, lineno)
    if expr is None:
        return None
    rel = s.Relation(s.Ref(left, None, _loc(file, lineno, m.span("left"))), "=", expr)
    end = m.end("terms")
    text = line[m.start("left") : end].strip()
    return ("define", s.Define(rel, text, Location(file, lineno, 1, end + 1)))


def _define_total(line: str, file: str, lineno: int):
    """``define a + b + c = 100%``"""
    m = _DEFINE_TOTAL.match(line)
    if m is None:
        return None
    expr = _sum_of_names(m, file, lineno)
    if expr is None:
        return None
    num = s.Number(m.group("num"), _loc(file, lineno, m.span("num")))
    rel = s.Relation(expr, "=", num)
    end = m.end("num")
    text = line[m.start("terms") : end].strip()
    return ("define", s.Define(rel, text, Location(file, lineno, 1, end + 1)))


def _sum_of_names(m: re.Match, file: str, lineno: int):
    """The ``terms`` group, ``a + b + c``, as the grammar builds it (left-nested sums)."""
    base = m.start("terms")
    expr = None
    for nm in _NAME_RE.finditer(m.group("terms")):
        name = nm.group()
        if not _PLAIN[name]:
            return None
        start, end = nm.span()
        ref = s.Ref(name, None, Location(file, lineno, base + start + 1, base + end + 1))
        expr = ref if expr is None else s.BinOp("+", expr, ref)
    return expr
