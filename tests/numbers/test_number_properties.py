"""Properties of the reader over generated inputs (hypothesis)."""

from __future__ import annotations

import json
from fractions import Fraction

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tallycheck.commands.number import command
from tallycheck.numbers import ReadOptions, number_before, read_number
from tallycheck.numbers import reader as reader_module
from tallycheck.numbers.numtext import exact_string
from tallycheck.numbers.reading import NumberError
from tallycheck.numbers.words import PREFIX_QUALIFIERS

# ------------------------------------------------------------- an independent speller
ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS_W = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell_below_100(n: int, hyphen: bool) -> str:
    if n < 20:
        return ONES[n]
    t, u = divmod(n, 10)
    if u == 0:
        return TENS_W[t]
    return TENS_W[t] + ("-" if hyphen else " ") + ONES[u]


def spell_below_1000(n: int, use_and: bool, hyphen: bool) -> str:
    h, r = divmod(n, 100)
    parts = []
    if h:
        parts.append(ONES[h] + " hundred")
    if r:
        if h and use_and:
            parts.append("and")
        parts.append(spell_below_100(r, hyphen))
    return " ".join(parts)


def spell(n: int, use_and: bool = False, hyphen: bool = True) -> tuple[str, int]:
    """(words, scale of the last group) for 0 <= n <= 10**12 - 1, e.g. 'two hundred and forty-eight thousand'."""
    if n == 0:
        return "zero", 1
    parts = []
    last = 1
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            q, n = divmod(n, scale)
            parts.append(spell_below_1000(q, use_and, hyphen) + " " + name)
            last = scale
    if n:
        if parts and use_and and n < 100:
            parts.append("and")
        parts.append(spell_below_1000(n, use_and, hyphen))
        last = 1
    return " ".join(parts), last


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.booleans(), st.booleans())
@example(0, False, True)
@example(248, True, True)
@example(173, False, False)
@example(10**9, False, True)
@example(1_000_001, True, True)
@example(999_999_999, True, False)
def test_every_integer_in_words_reads_back(n, use_and, hyphen):
    words, last = spell(n, use_and, hyphen)
    r = read_number(words)
    assert r.value == n, (words, r)
    assert r.kind == "number"
    if last == 1:
        # an integer in words is exact unless it ends in a scale word
        assert r.exact, (words, r.interval)
    else:
        # "five thousand": rounded at the thousands, like "5 thousand"
        assert r.interval.low == n - Fraction(last, 2) and r.interval.high == n + Fraction(last, 2), (words, r)
    assert read_number("exactly " + words).exact


# ------------------------------------------------------------- decimals
SCALE_WORDS = {"": 1, " thousand": 10**3, " million": 10**6, "bn": 10**9, "k": 10**3, " billion": 10**9}


@st.composite
def decimals(draw):
    ip = draw(st.integers(min_value=0, max_value=10**9))
    k = draw(st.integers(min_value=1, max_value=8))
    fp = draw(st.integers(min_value=0, max_value=10**k - 1))
    grouped = draw(st.booleans())
    ip_s = f"{ip:,}" if grouped else str(ip)
    text = f"{ip_s}.{str(fp).rjust(k, '0')}"
    suffix = draw(st.sampled_from(sorted(SCALE_WORDS) + ["%", " per cent", " percentage points"]))
    return text + suffix, ip, fp, k, suffix


@settings(max_examples=400, deadline=None)
@given(decimals())
@example(("7.22", 7, 22, 2, ""))
@example(("5.00", 5, 0, 2, ""))
def test_decimal_rounding_interval_contains_value_and_is_one_unit_wide(case):
    text, ip, fp, k, suffix = case
    r = read_number(text)
    nominal = Fraction(ip) + Fraction(fp, 10**k)
    if suffix in SCALE_WORDS:
        scale = Fraction(SCALE_WORDS[suffix])
    else:
        scale = Fraction(1, 100)
    assert r.value == nominal * scale
    assert r.value in r.interval
    assert r.interval.high - r.interval.low == Fraction(1, 10**k) * scale
    assert r.interval.high - r.value == r.value - r.interval.low
    assert not r.exact


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["", "-", "+"]),
       st.sampled_from(["", ".5", ".25", ".125", ".0"]), st.sampled_from(["", "%", " %"]), st.booleans())
def test_fast_path_agrees_with_the_general_reader(n, sign, frac, pct, grouped):
    text = sign + (f"{n:,}" if grouped else str(n)) + frac + pct
    opts = ReadOptions()
    fast = reader_module._fast(text, opts, False)
    slow = reader_module._read(text, opts, False)
    assert fast is None or fast == slow
    if not grouped:
        dc = ReadOptions(decimal_comma=True)
        t2 = text.replace(".", ",")
        fast = reader_module._fast(t2, dc, False)
        slow2 = reader_module._read(t2, dc, False)
        assert fast is None or fast == slow2
        assert (slow2.value, slow2.interval) == (slow.value, slow.interval)



QUALIFIER_WORDS = sorted({" ".join(seq) for seq in PREFIX_QUALIFIERS})


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(QUALIFIER_WORDS + ["About", "more  than", "overall", "exactly"]),
       st.sampled_from([" ", "  ", "\t", ""]), st.integers(min_value=0, max_value=10**9),
       st.sampled_from(["", ".5", ".05", ".0"]), st.sampled_from(["", "%", " %"]), st.booleans(),
       st.sampled_from(["", " ", "\t"]), st.booleans(), st.sampled_from(["", "0.", "0.0"]))
@example("fewer than", " ", 0, "", "", False, "", True, "")  # can mean no number: the general reader says why
@example("about", " ", 4800, "", "", False, "", True, "")
@example("more than", " ", 0, "", "", False, " ", False, "0.")
def test_the_fast_path_of_a_qualified_number_agrees_with_the_general_reader(
        word, space, n, frac, pct, grouped, around, integer, small):
    """``about 250``, ``more than 1,200``: read without tokens (reader._fast), exactly as the
    general reader reads them (rule included), or left to it; for counts and not, after
    any qualifier the parser knows, and near misses (capitals, two spaces, a longer word)."""
    text = around + word + space + small + (f"{n:,}" if grouped else str(n)) + frac + pct + around
    comma = ReadOptions(decimal_comma=True, approximate=Fraction(1, 20))
    swapped = text.replace(",", "\0").replace(".", ",").replace("\0", ".")  # 1.234,5: groups of dots
    for opts, written in ((ReadOptions(), text), (comma, text.replace(",", "").replace(".", ",")), (comma, swapped)):
        try:
            slow = reader_module._read(written, opts, integer)
        except NumberError as e:
            slow = e
        fast = reader_module._fast(written, opts, integer)
        assert fast is None or fast == slow, (written, fast, slow)


def test_the_fast_path_reads_the_commonest_qualified_numbers():
    """The property above holds for a fast path that reads nothing: here, it reads."""
    opts = ReadOptions()
    for text, integer in (("about 4800", True), ("more than 1,200", True), ("nearly 40%", False),
                          ("at most 4.5", False), ("up to 3.25 %", False)):
        assert reader_module._fast(text, opts, integer) == reader_module._read(text, opts, integer)

# ------------------------------------------------------------- number_before
NUMBER_TEXTS = [
    "248", "173", "five", "75", "more than 200", "about 1.2 million", "2,400", "a dozen", "nearly half",
    "at least 1,000", "fewer than 150", "up to 30%", "42.7%", "$3bn", "£800m", "12k", "€1.2 million",
    "one in five", "3 out of 4", "two hundred and forty-eight", "between 200 and 250", "200-250",
    "tens of thousands", "dozens", "twice", "three times", "4.5 percentage points", "half a million",
    "some 75", "~200", "1 234", "seventy-five", "one and a half million", "exactly 7.22", "200+", "-12",
    "hundreds of thousands", "a third", "two thirds", "USD 5 million", "5 million dollars", "2.5bn",
]
PREFIXES = ["", "officials said", "the exchange returned", "Reuters reported that", "killing",
            "according to the formula", "he said —", "(", "total:", "with"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.sampled_from(NUMBER_TEXTS), st.sampled_from(["", " ", "  "]))
def test_number_before_finds_what_read_number_reads(prefix, number, gap):
    text = (prefix + gap if prefix and not prefix.endswith("(") else prefix) + number
    if prefix and not gap and not prefix.endswith("("):
        text = prefix + " " + number
    found = number_before(text, len(text))
    assert found is not None, text
    start, r = found
    want = read_number(number)
    assert text[start:] == number
    assert (r.value, r.interval, r.kind, r.rule, r.currency) == (want.value, want.interval, want.kind, want.rule,
                                                                want.currency)
    # and with something after the tag position
    tagged = text + "{q} soldiers"
    again = number_before(tagged, len(text))
    assert again is not None and again[0] == start and again[1].interval == want.interval


# ------------------------------------------------------------- the command agrees with the reader
CLI_TEXTS = NUMBER_TEXTS + ["1/3", "a third", "0.5", "5.00", "millions", "more than 200", "1e6", "1.5e-3"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.sampled_from(CLI_TEXTS),
                 st.integers(min_value=-10**15, max_value=10**15).map(str),
                 st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, allow_infinity=False,
                             places=3).map(str)))
def test_cli_json_agrees_with_read_number(text):
    result = CliRunner().invoke(command, ["--format", "json", text])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    r = read_number(text)
    iv = r.interval

    def es(x):
        return None if x is None else exact_string(x)

    assert got == {"text": text, "value": es(r.value), "low": es(iv.low), "high": es(iv.high),
                   "low_open": iv.low_open, "high_open": iv.high_open, "exact": r.exact, "kind": r.kind,
                   "rule": r.rule, "currency": r.currency}
