"""What the reader returns: options in, a :class:`Reading` (or a :class:`NumberError`) out."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .interval import Interval

# Hard limits: anything beyond is refused at once, before any big number is built.
MAX_TEXT = 300  # characters in one number text given to read_number
MAX_DIGITS = 60  # significant digits in one written number (integer and decimal parts)
MAX_EXPONENT = 100  # |N| in scientific notation such as 1.5e6
MAX_WORDS = 40  # tokens (words, numbers, signs) in one number text
LOOKBACK_WORDS = MAX_WORDS  # tokens number_before looks back from a tag, and the longest mention


@dataclass(frozen=True, slots=True)
class ReadOptions:
    approximate: Fraction = Fraction(1, 10)  # tolerance t for about/nearly/... (SPEC §3)
    decimal_comma: bool = False  # "12,5" means 12.5 (and "1.234" groups thousands)


@dataclass(frozen=True, slots=True)
class Reading:
    text: str  # the text read, exactly as given
    value: Fraction | None  # nominal value as written (after scale and percent); None for a range
    interval: Interval  # exact interval of what the text can mean
    rule: str  # plain-English reason for the interval
    kind: str  # number | percent | points | ratio | factor | range | year
    currency: str | None = None  # ISO code when the text names a currency ("$3bn" -> "USD")
    # the interval is only the rounding of ``value`` (its last shown digit, a percentage's or a
    # scale word's rounding, a ratio's): no qualifier, no range.  Taken as written, it is ``value``.
    rounded: bool = False

    @property
    def exact(self) -> bool:
        return self.interval.exact

    def as_written(self) -> "Reading":
        """The figure at its written value, its rounding not applied (``2 million`` is 2000000,
        ``42.7%`` is 0.427); a qualified figure or a range is unchanged (``about 200``)."""
        if not self.rounded or self.value is None:
            return self
        from .numtext import exact_string

        rule = f"taken as written: {exact_string(self.value)}, its rounding not applied"
        if self.currency:
            rule = f"amount in {self.currency}: {rule}"
        return Reading(self.text, self.value, Interval(self.value, self.value), rule, self.kind, self.currency)


class NumberError(ValueError):
    """A text that is not a number, is ambiguous, or exceeds the limits.

    ``start``/``end`` are character offsets of the offending part within the text given
    (``end`` exclusive).  ``limit`` is true when a hard limit refused it.
    """

    def __init__(self, message: str, start: int = 0, end: int | None = None, *, limit: bool = False,
                 hard: bool = False):
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end
        self.limit = limit
        # hard: the text is a number but is refused (decimal comma, span of years, limit);
        # number_before reports it instead of looking for a shorter number.
        self.hard = hard or limit

    def shifted(self, offset: int) -> "NumberError":
        return NumberError(self.message, self.start + offset,
                           None if self.end is None else self.end + offset, limit=self.limit, hard=self.hard)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # character offsets in the text searched
    end: int
    line: int  # 1-based
    column: int  # 1-based
    text: str
    reading: Reading | None  # None when the mention is refused (see error)
    kind: str  # as Reading.kind; "year" for a year, "range" for a range
    error: str | None = None
