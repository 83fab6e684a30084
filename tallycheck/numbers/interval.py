"""Exact rational intervals: what a written number can mean.

Every number tallycheck reads becomes an :class:`Interval` with ``Fraction``
bounds; ``None`` stands for an unbounded end.  No floats, anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .numtext import format_number


# Compared and hashed by value, and never changed once made.  Not declared ``frozen``:
# a frozen dataclass sets each field through ``object.__setattr__``, which makes creating
# one about three times slower, and every number read and every range solved makes one.
@dataclass(slots=True, unsafe_hash=True)
class Interval:
    low: Fraction | None  # None: unbounded below
    high: Fraction | None  # None: unbounded above
    low_open: bool = False
    high_open: bool = False

    def __post_init__(self) -> None:
        # an infinite end is always open
        if self.low is None:
            self.low_open = True
        if self.high is None:
            self.high_open = True

    @classmethod
    def point(cls, value: Fraction | int) -> "Interval":
        v = Fraction(value)
        return cls(v, v)

    @classmethod
    def closed(cls, low: Fraction | int, high: Fraction | int) -> "Interval":
        return cls(Fraction(low), Fraction(high))

    @property
    def exact(self) -> bool:
        low = self.low
        if low is None or self.low_open or self.high_open:
            return False
        # one object at both ends (as a point is made) needs no Fraction comparison
        return low is self.high or low == self.high

    @property
    def empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        return self.low > self.high or (self.low == self.high and (self.low_open or self.high_open))

    def __contains__(self, x: Fraction | int) -> bool:
        if self.low is not None and (x < self.low or (self.low_open and x == self.low)):
            return False
        if self.high is not None and (x > self.high or (self.high_open and x == self.high)):
            return False
        return True

    def scale(self, factor: Fraction | int) -> "Interval":
        """Multiply by a constant (a negative factor swaps the ends)."""
        f = Fraction(factor)
        lo = None if self.low is None else self.low * f
        hi = None if self.high is None else self.high * f
        if f >= 0:
            return Interval(lo, hi, self.low_open, self.high_open)
        return Interval(hi, lo, self.high_open, self.low_open)

    def shift(self, offset: Fraction | int) -> "Interval":
        o = Fraction(offset)
        lo = None if self.low is None else self.low + o
        hi = None if self.high is None else self.high + o
        return Interval(lo, hi, self.low_open, self.high_open)

    def __str__(self) -> str:
        lo = "-inf" if self.low is None else format_number(self.low)
        hi = "inf" if self.high is None else format_number(self.high)
        if self.exact:
            return format_number(self.low)  # type: ignore[arg-type]
        return f"{'(' if self.low_open else '['}{lo}, {hi}{')' if self.high_open else ']'}"
