"""Cutting a text into tokens: digit strings, words and signs, with their offsets.

A digit string is validated here (separators, decimal mark, exponent, limits) but a
bad one is kept as a token carrying its error: only the reader decides whether the
error matters (in prose a stray "1,5" is merely not a mention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .reading import MAX_DIGITS, MAX_EXPONENT, NumberError

SPACES = " \u00a0\u202f\u2009"
_SP = "[ \u00a0\u202f\u2009]"

_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    # digits grouped by spaces: "1 234", "12 345 678.9" (also no-break and thin spaces)
    rf"|(?P<sgnum>\d{{1,3}}(?:{_SP}\d{{3}})+(?:[.,]\d+)?(?!\d))"
    # any other run of digits, separators and one exponent: validated below
    r"|(?P<num>(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<money>(?:US|AU|CA|NZ|HK|A|C)\$)"
    r"|(?P<vulgar>[½¼¾⅓⅔])"
    r"|(?P<word>(?:(?![½¼¾⅓⅔])[^\W\d_])+)"
    r"|(?P<sym>.)",
    re.S,
)


@dataclass(frozen=True)
class Num:
    """A validated digit string: value = int(digits) / 10**decimals * 10**exponent."""

    digits: str  # integer and decimal digits, no separators, leading zeros kept
    decimals: int  # how many of the digits are after the decimal mark
    exponent: int  # scientific notation exponent (0 when none)
    grouped: bool  # written with thousands separators
    plain: str  # the integer digits as written when there is nothing else (for years), else ""

    @property
    def value(self) -> Fraction:
        v = Fraction(int(self.digits), 10**self.decimals)
        if self.exponent:
            v *= Fraction(10) ** self.exponent
        return v

    @property
    def integer(self) -> bool:
        return self.decimals == 0 and self.exponent == 0


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "word", "sym"
    text: str  # as written
    key: str  # lower-case word, the symbol, or "#" for a number
    start: int
    end: int
    glued: bool  # no space between this token and the one before
    num: Num | None = None
    error: NumberError | None = None  # a digit string that cannot be read


_GROUPED_POINT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?\Z")
_GROUPED_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?\Z")
_SIMPLE = re.compile(r"(\d*)(?:[.,](\d+))?\Z")


def _num(text: str, start: int, decimal_comma: bool) -> tuple[Num | None, NumberError | None]:
    end = start + len(text)

    def err(msg: str, **kw) -> tuple[None, NumberError]:
        return None, NumberError(msg, start, end, hard=True, **kw)

    mantissa, exponent = text, 0
    m = re.search(r"[eE]([+-]?)(\d+)\Z", text)
    if m:
        mantissa = text[: m.start()]
        digits = m.group(2).lstrip("0") or "0"
        if len(digits) > 4 or int(digits) > MAX_EXPONENT:
            return err(f"'{text}' has an exponent beyond the limit (scientific notation is read "
                       f"up to 10^±{MAX_EXPONENT})", limit=True)
        exponent = int(digits) * (-1 if m.group(1) == "-" else 1)
    ndigits = len(mantissa) if mantissa.isdigit() else sum(c.isdigit() for c in mantissa)
    if ndigits > MAX_DIGITS:
        return err(f"'{_short(text)}' has {ndigits} digits; tallycheck reads numbers of up to "
                   f"{MAX_DIGITS} digits", limit=True)
    point, group = (",", ".") if decimal_comma else (".", ",")
    convention = "decimal_comma is set" if decimal_comma else "the decimal mark is a point"
    grouped = False
    s = mantissa
    for ch in SPACES:
        if ch in s:
            s = s.replace(ch, "")
            grouped = True
    has_point, has_group = point in s, group in s
    if has_group:
        pattern = _GROUPED_COMMA if decimal_comma else _GROUPED_POINT
        if pattern.match(s):
            grouped = True
            s = s.replace(group, "")
        elif s.count(group) == 1 and not has_point and not grouped and re.fullmatch(r"\d+" + re.escape(group) + r"\d+", s):
            if decimal_comma:
                return err(f"'{text}' uses a decimal point but {convention}; write "
                           f"{s.replace('.', ',')}, or unset decimal_comma to read it as {s}")
            return err(f"'{text}' uses a decimal comma but {convention}; set decimal_comma = true "
                       f"to read it as {s.replace(',', '.')}, or write {s.replace(',', '.')}")
        elif not has_point and s.count(group) > 1 and re.fullmatch(r"\d+(?:" + re.escape(group) + r"\d+)+", s):
            return err(f"'{text}' groups its digits wrongly for thousands separators "
                       f"('{group}' must separate groups of three digits; {convention})")
        else:
            return err(f"'{text}' mixes '.' and ',' in a way that is not a number ({convention})")
    if s.count(point) > 1:
        if not decimal_comma and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
            return err(f"'{text}' uses dots to group thousands but {convention}; set decimal_comma = "
                       f"true to read it as {s.replace('.', '')}, or write {s.replace('.', ',')}")
        return err(f"'{text}' has more than one decimal mark")
    m2 = _SIMPLE.match(s.replace(point, ".") if point == "," else s)
    if not m2:
        return err(f"'{text}' is not a number")
    ip, fp = m2.group(1), m2.group(2) or ""
    if not ip and not fp:
        return err(f"'{text}' is not a number")
    plain = text if (not fp and not exponent and not grouped and text.isdigit()) else ""
    return Num(ip + fp, len(fp), exponent, grouped, plain), None


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:12] + "…" + text[-4:]


def tokenize(text: str, decimal_comma: bool = False, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    out: list[Token] = []
    pos = start
    glued = False
    match = _TOKEN.match
    while pos < end:
        m = match(text, pos, end)
        kind = m.lastgroup
        s = m.group()
        if kind == "ws":
            glued = False
            pos = m.end()
            continue
        if kind in ("num", "sgnum"):
            num, error = _num(s, pos, decimal_comma)
            out.append(Token("num", s, "#", pos, m.end(), glued, num, error))
        elif kind == "word":
            out.append(Token("word", s, s.lower(), pos, m.end(), glued))
        elif kind == "money":
            out.append(Token("sym", s, s.upper(), pos, m.end(), glued))
        else:
            out.append(Token("sym", s, s, pos, m.end(), glued))
        glued = True
        pos = m.end()
    return out
