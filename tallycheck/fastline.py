"""A fast path for the commonest line shapes, read without the grammar.

The lark grammar (``grammars/tally.lark``) stays the grammar of record: :func:`read_common_line`
either returns exactly what :func:`tallycheck.parse.parse_line` would return for the same
line, or ``None`` (then the grammar reads it).  It only accepts lines it can read beyond
doubt; ``tests/pipeline/test_fastline.py`` checks it against the grammar on generated lines.

Shapes read here (with any spacing the grammar allows):

- ``source NAME`` and ``source NAME "Name"``
- ``count NAME, NAME …`` (and ``amount``, ``real``, ``cumulative``)
- ``NAME REL NUMBER ["quote"]`` (a structured claim of one quantity and one plain number)
- ``NAME = NUMBER% of NAME ["quote"]``
- ``define NAME = NAME + NAME …``

A plain number here is digits with comma thousands separators, an optional decimal part
and an optional ``%``; a quote here has no tags, escapes or ``#``.  Anything else —
number words, currencies, tags, dates, parentheses — goes to the grammar.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Token

from . import syntax as s
from .diagnostics import Location
from .grammar import parser

_NAME = r"(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?"
_QUOTE = r'"[^"\\{}#\n]*"'
_WS = r"[ \t]"

_CLAIM = re.compile(
    rf"(?P<indent>{_WS}*)(?P<name>{_NAME})(?:{_WS}*/{_WS}*(?P<per>{_NAME}))?{_WS}*(?P<rel>=|!=|<=|>=|<|>|~){_WS}*"
    rf"(?P<num>{_NUM})(?:{_WS}+of{_WS}+(?P<base>{_NAME}))?"
    rf"(?:{_WS}+(?P<quote>{_QUOTE}))?{_WS}*\Z"
)
_WITHIN = re.compile(
    rf"(?P<indent>{_WS}*)(?P<name>{_NAME}){_WS}+in{_WS}+(?P<low>{_NUM}){_WS}*\.\.{_WS}*(?P<high>{_NUM})"
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
_SOURCE = re.compile(rf"source{_WS}+(?P<name>{_NAME})(?:{_WS}+(?P<quote>{_QUOTE}))?{_WS}*\Z")
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
        if t.name in ("NUMLIT", "NUMWORDS", "DATE"):
            pats.append(re.compile(t.pattern.to_regexp(), re.I if "i" in t.pattern.flags else 0))
    return tuple(pats)


_PLAIN: dict[str, bool] = {}
_LETTERS = re.compile(r"[A-Za-z]*")
_CODES = frozenset(("EUR", "USD", "GBP", "UAH", "RUB"))  # NUMLIT's currency codes before digits


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every entry of the number words (what NUMWORDS can start with)."""
    from .numbers import VOCABULARY

    return frozenset(re.split(r"[^a-z]", w.lower())[0] for w in VOCABULARY)


def _plain_name(name: str) -> bool:
    """Whether the grammar reads ``name`` as a NAME token (not a keyword or the start of a number)."""
    known = _PLAIN.get(name)
    if known is None:
        if name in _KEYWORDS:
            known = False
        elif name.isascii() and name[:3] not in _CODES and _LETTERS.match(name).group().lower() not in _first_words():
            known = True  # no number terminal can start here: it is not worth the regexes
        else:
            known = not any(p.match(name) for p in _number_starts())
        if len(_PLAIN) < 1_000_000:
            _PLAIN[name] = known
    return known


def read_common_line(line: str, file: str, lineno: int):
    """``(kind, payload)`` as the grammar's transformer gives it, or ``None`` (not a common shape)."""
    first = line[:1]
    if first in ("s", "d", "c", "a", "r"):
        item = None
        if line.startswith("source"):
            item = _source(line, file, lineno)
        elif line.startswith("define"):
            item = _define(line, file, lineno)
        else:
            m = _DECLARE.match(line)
            if m is not None:
                item = _declare(m, file, lineno)
        if item is not None:
            return item
    m = _CLAIM.match(line)
    if m is not None:
        return _claim(m, line, file, lineno)
    m = _PHRASE.match(line)
    if m is not None:
        return _phrase(m, line, file, lineno)
    m = _WITHIN.match(line)
    if m is not None:
        return _within(m, line, file, lineno)
    return None


def _loc(file, lineno, start, end):
    return Location(file, lineno, start + 1, end + 1)


def _claim(m: re.Match, line: str, file: str, lineno: int):
    name = m.group("name")
    base = m.group("base")
    per = m.group("per")
    if not _plain_name(name) or (base is not None and not _plain_name(base)):
        return None
    if per is not None and (base is not None or not _plain_name(per)):
        return None
    num = m.group("num")
    ref = s.Ref(name, None, _loc(file, lineno, m.start("name"), m.end("name")))
    if per is not None:
        ref = s.BinOp("/", ref, s.Ref(per, None, _loc(file, lineno, m.start("per"), m.end("per"))))
    number = s.Number(num, _loc(file, lineno, m.start("num"), m.end("num")))
    if base is not None:
        base_ref = s.Ref(base, None, _loc(file, lineno, m.start("base"), m.end("base")))
        if not num.endswith("%"):
            return None
        right = s.ShareOf(number, base_ref)
        end = m.end("base")
    else:
        right = number
        end = m.end("num")
    rel = s.Relation(ref, m.group("rel"), right)
    return _structured(rel, m, line, file, lineno, end)


def _quote_token(m: re.Match):
    if m.group("quote") is None:
        return None
    qs = m.start("quote")
    return Token("QUOTE", m.group("quote"), start_pos=qs, line=1, column=qs + 1, end_line=1,
                 end_column=m.end("quote") + 1, end_pos=m.end("quote"))


def _structured(rel: s.Relation, m: re.Match, line: str, file: str, lineno: int, end: int):
    start = m.start("name")
    quote = _quote_token(m)
    if quote is not None:
        text = line[start : m.start("quote")].strip()
        end = m.end("quote")
    else:
        text = line[start:end].strip()
    return ("claim", ("structured", [(rel, text, _loc(file, lineno, start, end))], quote))


def _within(m: re.Match, line: str, file: str, lineno: int):
    name = m.group("name")
    if not _plain_name(name):
        return None
    ref = s.Ref(name, None, _loc(file, lineno, m.start("name"), m.end("name")))
    low = s.Number(m.group("low"), _loc(file, lineno, m.start("low"), m.end("low")))
    high = s.Number(m.group("high"), _loc(file, lineno, m.start("high"), m.end("high")))
    return _structured(s.Relation(ref, "in", s.Bounds(low, high)), m, line, file, lineno, m.end("high"))


def _phrase(m: re.Match, line: str, file: str, lineno: int):
    name = m.group("name")
    if not _plain_name(name):
        return None
    ref = s.Ref(name, None, _loc(file, lineno, m.start("name"), m.end("name")))
    num = s.Number(m.group("num"), _loc(file, lineno, m.start("num"), m.end("num")))
    pairs = [(s.Relation(ref, "=", num), f"{num.text} {name}", num.loc)]
    return ("claim", ("phrase", pairs, _quote_token(m)))


def _source(line: str, file: str, lineno: int):
    m = _SOURCE.match(line)
    if m is None or not _plain_name(m.group("name")):
        return None
    q = m.group("quote")
    end = m.end("quote") if q is not None else m.end("name")
    name = q[1:-1] if q is not None else None
    return ("source", s.SourceDecl(m.group("name"), name, None, None, _loc(file, lineno, 0, end)))


def _declare(m: re.Match, file: str, lineno: int):
    names = []
    base = m.start("names")
    for nm in _NAME_RE.finditer(m.group("names")):
        if not _plain_name(nm.group()):
            return None
        names.append((nm.group(), _loc(file, lineno, base + nm.start(), base + nm.end())))
    return ("declare", s.Declare(m.group("kind"), tuple(names), _loc(file, lineno, 0, m.end("names"))))


def _define(line: str, file: str, lineno: int):
    m = _DEFINE.match(line)
    if m is None:
        return _define_total(line, file, lineno)
    if not _plain_name(m.group("left")):
        return None
    left = s.Ref(m.group("left"), None, _loc(file, lineno, m.start("left"), m.end("left")))
    expr = _sum_of_names(m, file, lineno)
    if expr is None:
        return None
    rel = s.Relation(left, "=", expr)
    text = line[m.start("left") : m.end("terms")].strip()
    return ("define", s.Define(rel, text, _loc(file, lineno, 0, m.end("terms"))))


def _define_total(line: str, file: str, lineno: int):
    """``define a + b + c = 100%``"""
    m = _DEFINE_TOTAL.match(line)
    if m is None:
        return None
    expr = _sum_of_names(m, file, lineno)
    if expr is None:
        return None
    num = s.Number(m.group("num"), _loc(file, lineno, m.start("num"), m.end("num")))
    rel = s.Relation(expr, "=", num)
    text = line[m.start("terms") : m.end("num")].strip()
    return ("define", s.Define(rel, text, _loc(file, lineno, 0, m.end("num"))))


def _sum_of_names(m: re.Match, file: str, lineno: int):
    """The ``terms`` group, ``a + b + c``, as the grammar builds it (left-nested sums)."""
    base = m.start("terms")
    expr = None
    for nm in _NAME_RE.finditer(m.group("terms")):
        if not _plain_name(nm.group()):
            return None
        ref = s.Ref(nm.group(), None, _loc(file, lineno, base + nm.start(), base + nm.end()))
        expr = ref if expr is None else s.BinOp("+", expr, ref)
    return expr
