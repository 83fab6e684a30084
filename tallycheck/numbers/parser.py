"""The grammar of a number text, over tokens: amounts, suffixes, qualifiers, ranges.

A recursive-descent parser.  Every ``parse_*`` method takes a token index and returns
``(result, next index)`` or ``None`` when the tokens there are not that form; a text
that *is* that form but must be refused raises :class:`NumberError` with ``hard=True``.
Results carry the exact interval and the words of the rule that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from .interval import Interval
from .numtext import exact_string
from .lexer import Token
from .reading import NumberError, ReadOptions
from .words import (
    CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, DENOMINATOR_PLACE, DENOMINATORS, FACTOR_WORDS,
    FOLD_WORDS, GLUED_SCALES, POSTFIX_QUALIFIERS, PREFIX_QUALIFIERS, SCALE_ABBREVIATIONS, SCALE_NAMES,
    SCALES, SINGULAR_DENOMINATORS, TEENS, TENS, UNITS, VAGUE, VULGAR, EXACTLY,
)

ONE = Fraction(1)
HALF = Fraction(1, 2)
MINUS_SIGNS = ("-", "−")
DASHES = ("-", "–", "—", "−")


@dataclass(frozen=True)
class Amount:
    """A written magnitude before any suffix: ``1.2 million``, ``two thirds``, ``248``."""

    value: Fraction  # unsigned
    place: Fraction  # the last shown place, in units of ``scale`` (1, 1/10, 1/2, ...)
    rounded: bool  # decimals and scaled figures are rounded; integers and fractions are exact
    scale: Fraction  # 1, 1000, 10**6, ... (10**e for scientific notation)
    scale_word: str  # "", "thousand", "million", "10^6"
    form: str  # "digits", "words", "fraction", "mixed", "sci"
    start: int  # token indices
    end: int
    plain: str = ""  # the digits, for a lone integer written without separators (years)

    @property
    def unit(self) -> Fraction | None:
        return self.place * self.scale if self.rounded else None

    @property
    def bare(self) -> bool:
        return self.scale == 1 and self.form in ("digits", "words")

    @property
    def integer(self) -> bool:
        return not self.rounded and self.value.denominator == 1


@dataclass(frozen=True)
class Result:
    """A parsed number: nominal value, interval, rule, kind."""

    value: Fraction | None
    interval: Interval
    rule: str
    kind: str
    currency: str | None = None
    amount: Amount | None = None  # the core amount, when there is one
    suffix: str = ""  # "", "percent", "permille", "points", "times", "rate"
    qualified: bool = False  # a qualifier or range: not a plain figure
    start: int = 0  # token indices
    end: int = 0
    vague: bool = False


def _place_name(place: Fraction, scale_word: str) -> str:
    if place == 1:
        if not scale_word:
            return "units"
        if scale_word == "percent":
            return "whole percents"
        if scale_word.startswith("10^"):
            return f"units of {scale_word}"
        return f"{scale_word}s"
    if place.numerator == 1 and place.denominator in DENOMINATOR_PLACE:
        name = DENOMINATOR_PLACE[place.denominator]
    elif place.numerator == 1 and _is_power_of_ten(place.denominator):
        k = len(str(place.denominator)) - 1
        name = {1: "tenths", 2: "hundredths", 3: "thousandths", 4: "ten-thousandths",
                5: "hundred-thousandths", 6: "millionths"}.get(k, f"units of 10^-{k}")
    else:
        name = f"units of {exact_string(place)}"
    if scale_word:
        return f"{name} of a{'n' if scale_word[0] in 'aeiou1' else ''} {scale_word}" if not scale_word.startswith("10^") else f"{name}, times {scale_word}"
    return name


def _is_power_of_ten(n: int) -> bool:
    s = str(n)
    return s[0] == "1" and set(s[1:]) <= {"0"}


class Parser:
    def __init__(self, text: str, tokens: list[Token], options: ReadOptions, *, prose: bool = False,
                 integer: bool = False, end: int | None = None, keys: list[str] | None = None):
        self.text = text
        self.toks = tokens
        self.n = len(tokens) if end is None else end  # tokens from n on are not looked at
        self.keys = [t.key for t in tokens] if keys is None else keys
        self.opts = options
        self.prose = prose  # number_before / find_mentions: no "X to Y" ranges, no lone "a"
        self.integer = integer
        self._cores: dict[int, Result | None] = {}

    # ----------------------------------------------------------------- helpers
    def key(self, i: int) -> str | None:
        return self.keys[i] if 0 <= i < self.n else None

    def match(self, i: int, seq: tuple[str, ...]) -> int | None:
        """Index after ``seq`` when the keys at ``i`` spell it, else None."""
        if i + len(seq) > self.n:
            return None
        for k, w in enumerate(seq):
            if self.keys[i + k] != w:
                return None
        return i + len(seq)

    def src(self, i: int, j: int) -> str:
        """The text of tokens i..j-1 as written."""
        if j <= i:
            return ""
        return self.text[self.toks[i].start: self.toks[j - 1].end]

    def fail(self, msg: str, i: int, j: int | None = None, **kw) -> NumberError:
        i = min(max(i, 0), self.n - 1)
        j = i + 1 if j is None else max(j, i + 1)
        j = min(j, self.n)
        return NumberError(msg, self.toks[i].start, self.toks[j - 1].end, hard=True, **kw)

    # ----------------------------------------------------------------- words
    def small(self, i: int) -> tuple[int, int] | None:
        """1..99 in words: "five", "twelve", "forty-eight", "seventy five"."""
        k = self.key(i)
        if k in UNITS:
            return UNITS[k], i + 1
        if k in TEENS:
            return TEENS[k], i + 1
        if k in TENS:
            v = TENS[k]
            j = i + 1
            if self.key(j) == "-" and self.toks[j].glued and self.key(j + 1) in UNITS and self.toks[j + 1].glued:
                return v + UNITS[self.keys[j + 1]], j + 2
            if self.key(j) in UNITS and not self.toks[j].glued:
                return v + UNITS[self.keys[j]], j + 1
            return v, j
        return None

    def below_thousand(self, i: int) -> tuple[int, int] | None:
        """A group before a scale word: "two hundred and forty-eight", "a hundred", "twelve hundred"."""
        k = self.key(i)
        if k == "a" and self.key(i + 1) == "hundred":
            v, j = 100, i + 2
        else:
            s = self.small(i)
            if s is None:
                return None
            v, j = s
            if self.key(j) != "hundred":
                return v, j
            v, j = v * 100, j + 1
        # "two hundred forty-eight", "two hundred and forty-eight"
        rest = self.small(j)
        if rest is not None:
            return v + rest[0], rest[1]
        if self.key(j) == "and":
            rest = self.small(j + 1)
            if rest is not None:
                return v + rest[0], rest[1]
        return v, j

    def word_scale(self, j: int) -> int | None:
        k = self.key(j)
        if k in SCALES:
            return SCALES[k]
        if k in SCALE_ABBREVIATIONS:
            return SCALE_ABBREVIATIONS[k]
        return None

    def group(self, i: int) -> tuple[int, int, int] | None:
        """(multiplier, scale, next) for one group: "two hundred thousand", "a million", "forty-eight"."""
        if self.key(i) in ("a", "one") and self.word_scale(i + 1):
            return 1, self.word_scale(i + 1), i + 2  # type: ignore[return-value]
        g = self.below_thousand(i)
        if g is None:
            return None
        m, j = g
        sc = self.word_scale(j)
        if sc:
            return m, sc, j + 1
        if self.key(j) == "-" and self.toks[j].glued and self.key(j + 1) in SCALES and self.toks[j + 1].glued:
            return m, SCALES[self.keys[j + 1]], j + 2  # "two-million"
        return m, 1, j

    def words_int(self, i: int) -> tuple[int, int, int] | None:
        """(value, scale of the last group, next): groups with strictly decreasing scales."""
        g = self.group(i)
        if g is None:
            return None
        m, sc, j = g
        total, last = m * sc, sc
        while last > 1:
            # another group, maybe after "," and/or "and": "one thousand and one"
            p = j
            if self.key(p) == ",":
                p += 1
            if self.key(p) == "and":
                p += 1
            g = self.group(p)
            if g is None or g[1] >= last or (g[0] >= 1000 and g[1] > 1):
                break
            m, sc, j = g
            total += m * sc
            last = sc
        return total, last, j

    def fraction(self, i: int) -> tuple[Fraction, int, int] | None:
        """(fraction, denominator, next): "half", "a half", "a third", "two thirds", "three-quarters"."""
        k = self.key(i)
        if k == "half":
            return HALF, 2, i + 1
        if k in ("a", "an", "one"):
            d = self.key(i + 1)
            if (k == "an") != (d == "eighth"):
                if not (k == "one" and d in SINGULAR_DENOMINATORS):
                    return None
            if d in SINGULAR_DENOMINATORS:
                return Fraction(1, DENOMINATORS[d]), DENOMINATORS[d], i + 2
            if d == "-" and self.key(i + 2) in SINGULAR_DENOMINATORS and k == "one":
                d = self.keys[i + 2]
                return Fraction(1, DENOMINATORS[d]), DENOMINATORS[d], i + 3
            return None
        if k in UNITS and k != "one":
            j = i + 1
            if self.key(j) == "-" and self.toks[j].glued:
                j += 1
            d = self.key(j)
            if d in DENOMINATORS and d not in SINGULAR_DENOMINATORS:
                den = DENOMINATORS[d]
                return Fraction(UNITS[k], den), den, j + 1
        return None

    def and_fraction(self, i: int) -> tuple[Fraction, int, int] | None:
        """"and a half", "and three quarters" after an integer."""
        if self.key(i) != "and":
            return None
        f = self.fraction(i + 1)
        if f is None or self.key(i + 1) == "half" or f[0] >= 1:
            return None
        return f

    def scale_after(self, j: int, glued_ok: bool) -> tuple[int, str, int] | None:
        """A scale word after a figure: "million", "bn", glued "k"/"m"/"b", "$5-million"."""
        k = self.key(j)
        if k == "-" and self.toks[j].glued and self.key(j + 1) in SCALES and self.toks[j + 1].glued:
            return SCALES[self.keys[j + 1]], self.keys[j + 1], j + 2
        if k in SCALES:
            return SCALES[k], k, j + 1
        if k in SCALE_ABBREVIATIONS:
            return SCALE_ABBREVIATIONS[k], SCALE_NAMES[SCALE_ABBREVIATIONS[k]], j + 1
        if glued_ok and k in GLUED_SCALES and self.toks[j].glued:
            # "12k", "£800m": the suffix must end the word ("12km" is not 12 thousand)
            sc = GLUED_SCALES[k]
            return sc, SCALE_NAMES[sc], j + 1
        return None

    # ----------------------------------------------------------------- amounts
    def amount(self, i: int) -> Amount | None:
        t = self.toks[i] if i < self.n else None
        if t is None:
            return None
        if t.kind == "num":
            return self.digits_amount(i)
        if t.key in VULGAR:
            f = VULGAR[t.key]
            return self._scaled(f, Fraction(1, f.denominator), False, "fraction", i, i + 1)
        return self.words_amount(i)

    def _scaled(self, value: Fraction, place: Fraction, rounded: bool, form: str, i: int, j: int,
                plain: str = "") -> Amount:
        """Attach an optional scale word after j."""
        sc = self.scale_after(j, glued_ok=form in ("digits", "mixed-digits"))
        if sc is None:
            if form == "mixed-digits":
                form = "mixed"
            return Amount(value, place, rounded, ONE, "", form, i, j, plain)
        mult, word, j2 = sc
        if form == "mixed-digits":
            form = "mixed"
        if form == "digits" and value >= 10**15:
            raise self.fail(f"'{self.src(i, j2)}' is beyond the largest number tallycheck reads (10^15 "
                            f"{word})", i, j2, limit=True)
        return Amount(value * mult, place, True, Fraction(mult), word, form, i, j2)

    def digits_amount(self, i: int) -> Amount | None:
        t = self.toks[i]
        if t.error is not None:
            raise t.error
        n = t.num
        assert n is not None
        j = i + 1
        if n.exponent:
            place = Fraction(1, 10**n.decimals)
            return Amount(n.value, place, True, Fraction(10) ** n.exponent, f"10^{n.exponent}", "sci", i, j)
        value = n.value
        if n.decimals:
            return self._scaled(value, Fraction(1, 10**n.decimals), True, "digits", i, j)
        # an integer: "2½", "2 and a half", "5 hundred", "3 dozen", "12k", "1/3"
        k = self.key(j)
        if k == "/" and not self.prose and self.toks[j].glued and j + 1 < self.n and self.toks[j + 1].glued:
            d = self.toks[j + 1]
            if d.kind == "num" and d.num is not None and d.num.integer and not d.num.grouped:
                if d.num.value == 0:
                    raise self.fail(f"'{self.src(i, j + 2)}' divides by zero", i, j + 2)
                return Amount(value / d.num.value, ONE, False, ONE, "", "slash", i, j + 2)

        if k in VULGAR and self.toks[j].glued:
            f = VULGAR[k]
            return self._scaled(value + f, Fraction(1, f.denominator), False, "mixed-digits", i, j + 1)
        af = self.and_fraction(j)
        if af is not None:
            f, den, j2 = af
            return self._scaled(value + f, Fraction(1, den), False, "mixed-digits", i, j2)
        if k == "hundred":
            if value >= 10**12:
                raise self.fail(f"'{self.src(i, j + 1)}' is beyond the largest number tallycheck reads", i, j + 1,
                                limit=True)
            return self._scaled(value * 100, ONE, False, "digits", i, j + 1)
        if k == "dozen":
            return Amount(value * 12, ONE, False, ONE, "", "digits", i, j + 1)
        return self._scaled(value, ONE, False, "digits", i, j, plain=n.plain)

    def words_amount(self, i: int) -> Amount | None:
        k = self.key(i)
        if k == "zero":
            return Amount(Fraction(0), ONE, False, ONE, "", "words", i, i + 1)
        # "half a million", "a quarter of a million", "half a dozen", "a half million", "two thirds"
        f = self.fraction(i)
        if f is not None:
            frac, den, j = f
            p = j
            if self.key(p) == "of" and self.key(p + 1) == "a":
                p += 1
            if self.key(p) == "a":
                p += 1
            if self.key(p) == "dozen" and frac * 12 == int(frac * 12):
                return Amount(frac * 12, ONE, False, ONE, "", "words", i, p + 1)
            sc = self.scale_after(p, glued_ok=False)
            if sc is not None and (p > j or self.key(j) in SCALES):
                mult, word, j2 = sc
                return Amount(frac * mult, Fraction(1, den), True, Fraction(mult), word, "fraction", i, j2)
            return Amount(frac, Fraction(1, den), False, ONE, "", "fraction", i, j)
        if k in ("a", "an", "one") and self.key(i + 1) == "dozen":
            return Amount(Fraction(12), ONE, False, ONE, "", "words", i, i + 2)
        w = self.words_int(i)
        if w is None:
            if k in ("a", "an") and not self.prose:
                return Amount(ONE, ONE, False, ONE, "", "words", i, i + 1)  # "a" alone: 1, where a number is expected
            return None
        value, last, j = w
        if last == 1:
            if self.key(j) == "dozen" and value < 100:
                return Amount(Fraction(value * 12), ONE, False, ONE, "", "words", i, j + 1)
            af = self.and_fraction(j)
            if af is not None and value < 1000:
                frac, den, j2 = af
                sc = self.scale_after(j2, glued_ok=False)
                if sc is not None:
                    mult, word, j3 = sc
                    return Amount((value + frac) * mult, Fraction(1, den), True, Fraction(mult), word, "mixed", i, j3)
                return Amount(value + frac, Fraction(1, den), False, ONE, "", "mixed", i, j2)
            return Amount(Fraction(value), ONE, False, ONE, "", "words", i, j)
        # ends in a scale word: rounded at that scale ("five million", "a million and a half")
        word = SCALE_NAMES[last]
        af = self.and_fraction(j)
        if af is not None:
            frac, den, j2 = af
            return Amount(value + frac * last, Fraction(1, den), True, Fraction(last), word, "mixed", i, j2)
        return Amount(Fraction(value), ONE, True, Fraction(last), word, "words", i, j)

    # ----------------------------------------------------------------- core
    def core(self, i: int) -> Result | None:
        """[sign] [currency] amount [percent | points | times | per N | ratio] [currency]."""
        if i in self._cores:
            return self._cores[i]
        r = self._cores[i] = self._core(i)
        return r

    def _core(self, i: int) -> Result | None:
        j = i
        sign = 1
        k = self.key(j)
        if k in MINUS_SIGNS or k == "+":
            nxt = self.toks[j + 1] if j + 1 < self.n else None
            if nxt is None or (self.prose and (nxt.kind == "word" or not nxt.glued)):
                return None  # in prose a sign is glued to digits: "- five" is a dash
            sign = -1 if k in MINUS_SIGNS else 1
            j += 1
        elif k == "minus":
            sign = -1
            j += 1
        currency = None
        k = self.key(j)
        if k in CURRENCY_SYMBOLS:
            currency = CURRENCY_SYMBOLS[k]
            j += 1
        elif k in CURRENCY_CODES and self.key(j + 1) == "#":
            currency = CURRENCY_CODES[k]
            j += 1
        k = self.key(j)
        if k in FACTOR_WORDS and j == i:
            v = Fraction(FACTOR_WORDS[k])
            return Result(v, Interval.point(v), f"'{k}': the factor {v}, exact", "factor", start=i, end=j + 1)
        if k in FOLD_WORDS and j == i:
            v = Fraction(FOLD_WORDS[k])
            return Result(v, Interval.point(v), f"'{k}': the factor {v}, exact", "factor", start=i, end=j + 1)
        a = self.amount(j)
        if a is None:
            return None
        j = a.end
        r = self.ratio(i, a) if currency is None and sign == 1 else None
        if r is not None:
            return r
        suffix, div, j2 = self.suffix(j, a)
        if suffix in ("percent", "permille", "points", "rate", "times") and currency is not None:
            raise self.fail(f"'{self.src(i, j2)}' has both a currency and a {suffix}", i, j2)
        j = j2
        if currency is None:
            k = self.key(j)
            if k in CURRENCY_CODES:
                currency = CURRENCY_CODES[k]
                j += 1
            elif k in CURRENCY_WORDS:
                currency = CURRENCY_WORDS[k]
                j += 1
            elif k in ("€", "£", "$") and not self.prose:
                currency = CURRENCY_SYMBOLS[k]  # "5 €", "5€": European style (not in prose: "5 $5")
                j += 1
        return self.build_core(i, j, a, sign, suffix, div, currency)

    def suffix(self, j: int, a: Amount) -> tuple[str, Fraction, int]:
        k = self.key(j)
        if k == "%":
            if self.key(j + 1) in ("point", "points"):
                return "points", Fraction(100), j + 2
            return "percent", Fraction(100), j + 1
        if k in ("percent", "pc"):
            if self.key(j + 1) in ("point", "points"):
                return "points", Fraction(100), j + 2
            return "percent", Fraction(100), j + 1
        if k == "per":
            if self.key(j + 1) == "cent":
                return "percent", Fraction(100), j + 2
            if self.key(j + 1) == "mille":
                return "permille", Fraction(1000), j + 2
            b = self.amount(j + 1) if j + 1 < self.n else None
            if b is not None and b.integer and b.value > 1 and _is_power_of_ten(int(b.value)) and b.value.denominator == 1:
                return "rate", b.value, b.end
            if b is not None and b.form == "words" and b.scale > 1 and b.value == b.scale:
                # "per million", "per thousand": the scale word names the base
                return "rate", b.value, b.end
            if self.word_scale(j + 1) and self.key(j + 1) in SCALES:
                return "rate", Fraction(SCALES[self.keys[j + 1]]), j + 2
            return "", ONE, j
        if k == "‰":
            return "permille", Fraction(1000), j + 1
        if k == "percentage" and self.key(j + 1) in ("point", "points"):
            return "points", Fraction(100), j + 2
        if k == "percentage" and self.key(j + 1) == "-" and self.key(j + 2) in ("point", "points"):
            return "points", Fraction(100), j + 3
        if k == "pp":
            return "points", Fraction(100), j + 1
        if k == "times":
            return "times", ONE, j + 1
        if k == "fold" and self.toks[j].glued:
            return "times", ONE, j + 1
        if k == "-" and self.key(j + 1) == "fold" and self.toks[j].glued:
            return "times", ONE, j + 2
        return "", ONE, j

    def build_core(self, i: int, j: int, a: Amount, sign: int, suffix: str, div: Fraction,
                   currency: str | None) -> Result:
        text = self.src(i, j)
        kind = {"percent": "percent", "permille": "percent", "points": "points", "rate": "ratio",
                "times": "factor"}.get(suffix, "number")
        if kind == "number" and a.form in ("fraction", "slash") and a.scale == 1 and 0 < a.value < 1 and sign > 0 \
                and currency is None:
            kind = "ratio"  # "half", "a third", "two thirds": a proportion of something
        value = a.value / div
        unit = a.unit
        always = suffix in ("percent", "permille", "points", "rate")
        if unit is None and always:
            unit = a.place * a.scale  # percentages are always rounded (SPEC §3)
        rule = self.amount_rule(a, suffix, div, unit)
        if unit is None:
            iv = Interval.point(value)
        else:
            u = unit / div
            iv = Interval(value - u / 2, value + u / 2)
        if sign < 0 and (value != 0 or unit is not None):
            value = -value
            iv = iv.scale(-1)
            rule += "; negative"
        if currency:
            rule = f"amount in {currency}: {rule}"
        return Result(value, iv, rule, kind, currency, a, suffix, start=i, end=j)

    def amount_rule(self, a: Amount, suffix: str, div: Fraction, unit: Fraction | None) -> str:
        what = {"percent": "percentage", "permille": "per-mille figure", "points": "percentage points",
                "rate": f"rate per {exact_string(div)}", "times": "factor"}.get(suffix, "")
        if unit is None:
            base = {"digits": "integer as written", "words": "number in words", "fraction": "fraction in words",
                    "mixed": "mixed number in words", "slash": "fraction as written"}.get(a.form, "number as written")
            if what == "factor":
                base = f"factor: {base}"
            return f"{base}: exact"
        if suffix in ("percent", "permille", "points"):
            sw = "percent" if suffix != "permille" else "per mille"
            if a.scale != 1:
                place = _place_name(a.place, a.scale_word) + f" of a {sw}"
            else:
                place = _place_name(a.place, "percent" if sw == "percent" else "per mille")
                if sw == "per mille" and a.place == 1:
                    place = "whole per-mille units"
            sym = "%" if sw == "percent" else "‰"
            half = exact_string(unit / 2)
            return (f"{what} rounded at the last shown digit ({place}): ±{half}{sym}; read as the proportion "
                    f"{exact_string(a.value / div)}")
        digit = "digit" if a.form in ("digits", "sci") else "place"
        if a.form == "sci":
            half = f"{exact_string(a.place / 2)} × {a.scale_word}"
            return f"scientific notation rounded at the last shown digit ({_place_name(a.place, '')} × {a.scale_word}): ±{half}"
        place = _place_name(a.place, a.scale_word)
        if a.scale_word:
            half = f"{exact_string(a.place / 2)} {a.scale_word}"
        else:
            half = exact_string(unit / 2)
        prefix = ""
        if suffix == "rate":
            return (f"{what}: {exact_string(a.value)} rounded at the last shown digit ({place}): "
                    f"±{exact_string(a.place / 2)} per {exact_string(div)}")
        elif suffix == "times":
            prefix = "factor, "
        return f"{prefix}rounded at the last shown {digit} ({place}): ±{half}"

    def ratio(self, i: int, a: Amount) -> Result | None:
        """"one in five", "3 out of 4", "one in every ten": a proportion."""
        if not a.integer or a.form not in ("digits", "words"):
            return None
        j = a.end
        for seq in (("in", "every"), ("out", "of", "every"), ("out", "of"), ("of", "every"), ("in",),
                    ("-", "in", "-")):
            p = self.match(j, seq)
            if p is None:
                continue
            b = self.amount(p)
            if b is None or b.value.denominator != 1 or b.form not in ("digits", "words") or b.value == 0:
                return None
            if self.prose and b.plain and len(b.plain) == 4 and 1800 <= int(b.plain) <= 2100:
                return None  # "75 in 2023": a year, not a ratio
            num, den = a.value, b.value
            if num > den:
                return None
            lo = num / (den + HALF)
            hi = min(ONE, num / (den - HALF))
            rule = (f"ratio {exact_string(num)} in {exact_string(den)}, read as a proportion rounded as a "
                    f"proportion would be: the whole '{exact_string(den)}' stands for anything from "
                    f"{exact_string(den - HALF)} to {exact_string(den + HALF)}, so "
                    f"{exact_string(num)}/{exact_string(den + HALF)} to "
                    f"{exact_string(num)}/{exact_string(den - HALF)}" + (" (at most 1)" if hi == 1 else ""))
            return Result(num / den, Interval(lo, hi), rule, "ratio", amount=a, suffix="ratio", start=i, end=b.end)
        return None

    # ----------------------------------------------------------------- phrases
    def phrase(self, i: int) -> Result | None:
        """The longest number phrase starting at token i."""
        best: Result | None = None
        for alt in (self.qualified, self.vague, self.range_, self.plain):
            r = alt(i)
            if r is not None and (best is None or r.end > best.end):
                best = r
        return best

    def plain(self, i: int) -> Result | None:
        r = self.core(i)
        if r is None:
            return None
        post = self.postfix(r.end)
        if post is not None:
            qual, j = post
            return self.apply_qualifier(qual, r, i, j, self.src(r.end, j), postfix=True)
        return r

    def postfix(self, j: int) -> tuple[str, int] | None:
        for seq, qual in _POSTFIX_BY_FIRST.get(self.key(j), ()):
            p = self.match(j, seq)
            if p is not None:
                if seq == ("+",) and not self.toks[j].glued:
                    continue
                if seq[0] == "-" and not self.toks[j].glued:
                    continue
                if p < self.n and self.toks[p].kind == "num":
                    continue  # "5 + 3", "5 plus 3": arithmetic, not a qualifier
                return qual, p
        return None

    def qualified(self, i: int) -> Result | None:
        for seq, qual in _PREFIXES_BY_FIRST.get(self.key(i), ()):
            p = self.match(i, seq)
            if p is None:
                continue
            r = self.core(p)
            if r is None:
                continue
            if qual == EXACTLY:
                v = r.value
                assert v is not None
                rule = f"{seq[0]}: {exact_string(v)} with no rounding"
                if r.currency:
                    rule = f"amount in {r.currency}: {rule}"
                return replace(r, interval=Interval.point(v), rule=rule, start=i, qualified=True)
            if self.postfix(r.end) is not None:
                raise self.fail(f"'{self.src(i, self.postfix(r.end)[1])}' has two qualifiers", i, self.postfix(r.end)[1])
            return self.apply_qualifier(qual, r, i, r.end, " ".join(seq))
        return None

    def apply_qualifier(self, qual: str, r: Result, i: int, j: int, word: str, postfix: bool = False) -> Result:
        from .qualifiers import qualify

        iv, rule = qualify(qual, word, r, self.src(r.start, r.end), self.opts.approximate, self.integer, self.src(i, j))
        if iv.empty:
            raise self.fail(f"'{self.src(i, j)}' can mean no number: {rule}", i, j)
        return replace(r, interval=iv, rule=rule, start=i, end=j, qualified=True)

    def vague(self, i: int) -> Result | None:
        for seq, (lo, hi) in _VAGUE_BY_FIRST.get(self.key(i), ()):
            p = self.match(i, seq)
            if p is not None:
                if self.key(p) in ("of", "and") and seq == ("hundreds",) and self.key(p + 1) in ("thousands", "millions"):
                    continue
                text = self.src(i, p)
                rule = f"'{text}': {_VAGUE_RULES[seq]}: [{exact_string(lo)}, {exact_string(hi)}]"
                return Result(None, Interval.closed(lo, hi), rule, "number", start=i, end=p, qualified=True,
                              vague=True)
        return None

    def range_(self, i: int) -> Result | None:
        if self.key(i) == "between":
            return self.between(i)
        if self.key(i) == "from":
            if self.prose:
                return None
            a = self.core(i + 1)
            if a is None or self.key(a.end) != "to":
                return None
            b = self.core(a.end + 1)
            if b is None:
                return None
            return self.make_range(i, a, b, "from")
        a = self.core(i)
        if a is None:
            return None
        k = self.key(a.end)
        if k in DASHES:
            dash = self.toks[a.end]
            nxt = self.toks[a.end + 1] if a.end + 1 < self.n else None
            if nxt is None or (not dash.glued and nxt.glued):
                return None  # "5 -5": a sign, not a range
            if dash.glued and nxt.glued and (self.toks[i].kind == "word" or nxt.kind == "word"):
                return None  # "half-a", "five-six": a compound word, not a range
            b = self.core(a.end + 1)
            if b is None:
                return None
            self.check_years(a, b, a.end)
            return self.make_range(i, a, b, "dash")
        if k == "to" and not self.prose:
            b = self.core(a.end + 1)
            if b is None:
                return None
            return self.make_range(i, a, b, "to")
        return None

    def between(self, i: int) -> Result | None:
        # split at each "and": "between two hundred and fifty and three hundred"
        for k in range(i + 2, min(self.n, i + 40)):
            if self.keys[k] != "and":
                continue
            sub = Parser(self.text, self.toks, self.opts, prose=self.prose, integer=self.integer, end=k,
                         keys=self.keys)
            a = sub.core(i + 1)
            if a is None or a.end != k:
                continue
            b = self.core(k + 1)
            if b is None:
                continue
            return self.make_range(i, a, b, "between")
        return None

    def check_years(self, a: Result, b: Result, dash: int) -> None:
        aa, bb = a.amount, b.amount
        if aa is None or bb is None or not aa.plain or not bb.plain or a.suffix or b.suffix:
            return
        if a.currency or b.currency or a.value is None or a.value < 0:
            return
        y, z = aa.plain, bb.plain
        if len(y) == 4 and 1000 <= int(y) <= 2999 and len(z) == 2:
            full = int(y[:2] + z) if int(z) > int(y[2:]) else int(y[:2] + z) + 100
            raise self._years(a, b, f"{y} to {full}", str(full))
        if len(y) == 4 and len(z) == 4 and 1800 <= int(y) < int(z) <= 2100:
            raise self._years(a, b, f"{y} to {z}", z)

    def _years(self, a: Result, b: Result, span: str, upto: str) -> NumberError:
        text = self.src(a.start, b.end)
        e = self.fail(f"'{text}' looks like a span of years ({span}), not a range of numbers; to mean "
                      f"the numbers {span} write 'between {self.src(a.start, a.end)} and {upto}'",
                      a.start, b.end)
        e.years = (a.value, b.value)  # type: ignore[attr-defined]
        return e

    def make_range(self, i: int, a: Result, b: Result, how: str) -> Result:
        # a bare first end takes the scale, percent and currency of the second: "1.2-1.5 million", "30-40%"
        if a.qualified or b.qualified:
            raise self.fail(f"'{self.src(i, b.end)}': a range cannot have a qualifier inside it", i, b.end)
        aa, bb = a.amount, b.amount
        if aa is not None and bb is not None and a.kind == "number" and aa.bare and a.suffix == "" \
                and (bb.scale != 1 or b.suffix or b.currency) and b.suffix not in ("rate", "ratio"):
            if bb.scale != 1 and aa.value < bb.value / bb.scale:
                aa = Amount(aa.value * bb.scale, aa.place, True, bb.scale, bb.scale_word, aa.form, aa.start, aa.end)
            if aa.scale != 1 or bb.scale == 1:
                sign = -1 if (a.value or 0) < 0 else 1
                div = {"percent": Fraction(100), "points": Fraction(100), "permille": Fraction(1000)}.get(b.suffix, ONE)
                a = self.build_core(a.start, a.end, aa, sign, b.suffix, div, a.currency or b.currency)
        if b.currency is None and a.currency is not None and b.kind == "number":
            b = replace(b, currency=a.currency, rule=f"amount in {a.currency}: {b.rule}")
        if a.kind != b.kind or (a.currency or None) != (b.currency or None):
            raise self.fail(f"'{self.src(i, b.end)}': the two ends of the range are not the same kind of number",
                            i, b.end)
        assert a.value is not None and b.value is not None
        if a.value >= b.value:
            raise self.fail(f"'{self.src(i, b.end)}': the first number of a range must be smaller than the second",
                            i, b.end)
        # the ends as written: a range states its ends ("30-50%" is 30% to 50%), it does not round them
        iv = Interval.closed(a.value, b.value)
        ta, tb = self.src(a.start, a.end), self.src(b.start, b.end)
        ends = f"[{exact_string(iv.low)}, {exact_string(iv.high)}]"  # type: ignore[arg-type]
        if a.interval.exact and b.interval.exact:
            rule = f"range from {ta} to {tb}: {ends}"
        else:
            rule = f"range from {ta} to {tb}, its ends as written: {ends}"
            if b.suffix in ("percent", "points", "permille"):
                rule += ", as proportions"
        if b.currency:
            rule = f"amount in {b.currency}: {rule}"
        return Result(None, iv, rule, "range", b.currency, None, b.suffix, qualified=True, start=i, end=b.end)


_PREFIXES = sorted(PREFIX_QUALIFIERS.items(), key=lambda kv: -len(kv[0]))
_PREFIXES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _seq, _q in _PREFIXES:
    _PREFIXES_BY_FIRST.setdefault(_seq[0], []).append((_seq, _q))
_VAGUE = sorted(VAGUE.items(), key=lambda kv: -len(kv[0]))
_VAGUE_BY_FIRST: dict[str, list] = {}
for _seq, _v in _VAGUE:
    _VAGUE_BY_FIRST.setdefault(_seq[0], []).append((_seq, _v))
_POSTFIX_BY_FIRST: dict[str, list] = {}
for _seq, _q in sorted(POSTFIX_QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
    _POSTFIX_BY_FIRST.setdefault(_seq[0], []).append((_seq, _q))
_VAGUE_RULES = {
    ("dozens",): "at least two dozen, fewer than a hundred",
    ("hundreds",): "at least two hundred, fewer than a thousand",
    ("thousands",): "at least two thousand, fewer than a million",
    ("tens", "of", "thousands"): "at least twenty thousand, fewer than a hundred thousand",
    ("hundreds", "of", "thousands"): "at least two hundred thousand, fewer than a million",
    ("millions",): "at least two million, fewer than a billion",
    ("tens", "of", "millions"): "at least twenty million, fewer than a hundred million",
    ("hundreds", "of", "millions"): "at least two hundred million, fewer than a billion",
    ("billions",): "at least two billion, fewer than a trillion",
    ("trillions",): "at least two trillion, fewer than a thousand trillion",
}
