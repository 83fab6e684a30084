"""The words the number reader knows, in one place.

Every table here is lower-case.  :data:`VOCABULARY` is the union of all the words
a number text may contain; the claims grammar's lexer is checked against it.
"""

from __future__ import annotations

from fractions import Fraction

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

# Scale words round at the last shown place ("1.2 million", "five thousand").
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Abbreviations that may stand apart from the digits ("2.5 bn").
SCALE_ABBREVIATIONS = {"bn": 10**9, "mn": 10**6, "mln": 10**6, "tn": 10**12, "trn": 10**12}
# Abbreviations read only when glued to the digits ("12k", "£800m", "$3b"): apart they
# are too often a unit (metres) or a variable name.
GLUED_SCALES = {"k": 10**3, "m": 10**6, "b": 10**9, **SCALE_ABBREVIATIONS}
SCALE_NAMES = {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}

# Fraction denominators: singular and plural ("a third", "two thirds").
DENOMINATORS = {
    "half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
SINGULAR_DENOMINATORS = frozenset(
    {"half", "third", "quarter", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
)
DENOMINATOR_PLACE = {2: "halves", 3: "thirds", 4: "quarters", 5: "fifths", 6: "sixths",
                     7: "sevenths", 8: "eighths", 9: "ninths", 10: "tenths"}

VULGAR = {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4),
          "⅓": Fraction(1, 3), "⅔": Fraction(2, 3)}

# Factors: "twice", "three times", "tenfold".
FACTOR_WORDS = {"twice": 2, "thrice": 3, "double": 2, "triple": 3, "treble": 3, "quadruple": 4}
FOLD_WORDS = {
    "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "sixfold": 6,
    "sevenfold": 7, "eightfold": 8, "ninefold": 9, "tenfold": 10, "hundredfold": 100,
    "thousandfold": 1000,
}

# Vague plurals (SPEC §3): [low, high] for "dozens", "thousands", ...
VAGUE = {
    ("dozens",): (24, 99),
    ("hundreds",): (200, 999),
    ("thousands",): (2_000, 999_999),
    ("tens", "of", "thousands"): (20_000, 99_999),
    ("hundreds", "of", "thousands"): (200_000, 999_999),
    ("millions",): (2_000_000, 999_999_999),
    ("tens", "of", "millions"): (20_000_000, 99_999_999),
    ("hundreds", "of", "millions"): (200_000_000, 999_999_999),
    ("billions",): (2_000_000_000, 999_999_999_999),
    ("trillions",): (2_000_000_000_000, 999_999_999_999_999),
}

# Currencies: a sign or code before the amount, or a code or word after it.
CURRENCY_SYMBOLS = {
    "$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB",
    "₴": "UAH", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD",
}
CURRENCY_CODES = {
    c.lower(): c
    for c in ("USD", "EUR", "GBP", "JPY", "CNY", "RUB", "UAH", "INR", "CHF", "CAD", "AUD", "NZD", "HKD")
}
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "roubles": "RUB", "rubles": "RUB", "hryvnias": "UAH", "hryvnia": "UAH", "yen": "JPY",
    "yuan": "CNY", "rupees": "INR", "francs": "CHF",
}

# Qualifiers (SPEC §3 table), as word sequences; "~" and "≈" are symbols.
ABOUT = "about"
NEARLY = "nearly"
JUST_OVER = "just over"
MORE_THAN = "more than"
AT_LEAST = "at least"
FEWER_THAN = "fewer than"
AT_MOST = "at most"
EXACTLY = "exactly"

PREFIX_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("about",): ABOUT, ("around",): ABOUT, ("approximately",): ABOUT, ("approx",): ABOUT,
    ("approx", "."): ABOUT, ("roughly",): ABOUT, ("some",): ABOUT, ("circa",): ABOUT,
    ("~",): ABOUT, ("≈",): ABOUT, ("an", "estimated"): ABOUT, ("estimated",): ABOUT,
    ("nearly",): NEARLY, ("almost",): NEARLY, ("just", "under"): NEARLY,
    ("just", "below"): NEARLY, ("just", "short", "of"): NEARLY,
    ("just", "over"): JUST_OVER, ("just", "above"): JUST_OVER,
    ("slightly", "more", "than"): JUST_OVER, ("slightly", "over"): JUST_OVER,
    ("a", "little", "over"): JUST_OVER, ("a", "little", "more", "than"): JUST_OVER,
    ("more", "than"): MORE_THAN, ("over",): MORE_THAN, ("above",): MORE_THAN,
    ("in", "excess", "of"): MORE_THAN, ("greater", "than"): MORE_THAN,
    ("upwards", "of"): MORE_THAN, ("upward", "of"): MORE_THAN, ("well", "over"): MORE_THAN,
    ("well", "above"): MORE_THAN, ("far", "more", "than"): MORE_THAN,
    ("well", "in", "excess", "of"): MORE_THAN,
    ("at", "least"): AT_LEAST, ("no", "fewer", "than"): AT_LEAST, ("no", "less", "than"): AT_LEAST,
    ("not", "less", "than"): AT_LEAST, ("not", "fewer", "than"): AT_LEAST,
    ("a", "minimum", "of"): AT_LEAST,
    ("fewer", "than"): FEWER_THAN, ("less", "than"): FEWER_THAN, ("under",): FEWER_THAN,
    ("below",): FEWER_THAN, ("well", "under"): FEWER_THAN, ("well", "below"): FEWER_THAN,
    ("far", "fewer", "than"): FEWER_THAN, ("far", "less", "than"): FEWER_THAN,
    ("at", "most"): AT_MOST, ("up", "to"): AT_MOST, ("no", "more", "than"): AT_MOST,
    ("not", "more", "than"): AT_MOST, ("a", "maximum", "of"): AT_MOST, ("as", "many", "as"): AT_MOST,
    ("exactly",): EXACTLY, ("precisely",): EXACTLY,
}
POSTFIX_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("or", "more"): AT_LEAST, ("or", "above"): AT_LEAST, ("or", "over"): AT_LEAST,
    ("+",): AT_LEAST, ("plus",): AT_LEAST, ("-", "plus"): AT_LEAST,
    ("or", "so"): ABOUT,
    ("or", "fewer"): AT_MOST, ("or", "less"): AT_MOST, ("or", "under"): AT_MOST,
}

PERCENT_WORDS = ("percent", "per cent", "pc")  # documentation only; matched in the reader
JOINERS = frozenset({
    "a", "an", "and", "of", "per", "cent", "percent", "pc", "percentage", "point", "points", "pp",
    "mille", "so", "between", "from", "to", "in", "out", "every", "times", "fold", "minus",
    "zero", "hundred", "dozen", "dozens", "tens", "hundreds", "thousands", "millions", "billions",
})


def _words_of(seqs) -> set[str]:
    return {w for seq in seqs for w in seq if w.isalpha()}


VOCABULARY: frozenset[str] = frozenset(
    set(UNITS) | set(TEENS) | set(TENS) | set(SCALES) | set(SCALE_ABBREVIATIONS)
    | set(DENOMINATORS) | set(FACTOR_WORDS) | set(FOLD_WORDS) | _words_of(VAGUE)
    | set(CURRENCY_CODES) | set(CURRENCY_WORDS)
    | _words_of(PREFIX_QUALIFIERS) | _words_of(POSTFIX_QUALIFIERS) | set(JOINERS)
)
"""Every lower-case word the reader understands (glued suffixes such as the ``k`` of
``12k`` are not words and are listed in :data:`GLUED_SCALES`)."""

NUMBER_WORDS: frozenset[str] = frozenset(
    set(UNITS) | set(TEENS) | set(TENS) | {"zero", "hundred", "dozen"} | set(SCALES)
    | set(DENOMINATORS) | set(FACTOR_WORDS) | set(FOLD_WORDS) | _words_of(VAGUE)
)
"""The words that name a number by themselves (a subset of :data:`VOCABULARY`)."""
