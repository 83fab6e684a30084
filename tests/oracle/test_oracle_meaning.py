"""The oracle checked on its own: known answers for each claim form, worked out by hand.

These test the z3 oracle, not tallycheck: each case builds claims with the same
functions the generator uses (oracle_meaning), encodes them in z3 (oracle_z3), and
compares the verdict and the ranges with answers computed by hand from docs/numbers.md,
docs/language.md and the lead's DECISIONS -- so a bug in the oracle is not mistaken for
one in tallycheck.  They also check that every story the generator makes is a story:
its truth satisfies its definitions and every claim made to hold, its names are not
number words (except the ones DECISIONS makes names), and it covers every claim form.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, seed, settings

z3 = pytest.importorskip("z3")

from oracle_compare import oracle_problems  # noqa: E402
from oracle_meaning import (  # noqa: E402
    Interval,
    Source,
    Statement,
    Story,
    about,
    bound,
    bound_about,
    difference,
    difference_bound,
    dozen,
    exact,
    exactly,
    factor,
    factor_word,
    figure_is,
    fraction_word,
    in_words,
    mean,
    mean_bound,
    money,
    percent,
    qualified,
    relation,
    rounded,
    scaled,
    share,
    share_bound,
    shares_definition,
    span,
    sum_definition,
    difference_definition,
    total_of,
    vague,
    within,
    words_scaled,
)
from oracle_stories import stories  # noqa: E402
from oracle_z3 import Z3Story  # noqa: E402

T = F(1, 10)
INF = None


def story(*claims, definitions=(), kinds=None, cumulative=()):
    return Story(
        kinds=dict(kinds or {}),
        cumulative=list(cumulative),
        explicit_counts=[],
        definitions=list(definitions),
        statements=[Statement([c], [0], source="s") for c in claims],
        sources=[Source("s")],
        truth={},
    )


def answer(s: Story):
    z = Z3Story(s)
    if not z.sat(s.claims):
        return "contradiction", {}
    return "consistent", z.ranges(s.claims, list(z.kinds))


def closed(lo, hi):
    return Interval(None if lo is None else F(lo), None if hi is None else F(hi), lo is None, hi is None)


# -- numbers: the readings of docs/numbers.md's tables --------------------------------------

NUMBERS = [
    (exact(248), "248", closed(248, 248)),
    (exact(1234, with_commas=True), "1,234", closed(1234, 1234)),
    (exact(-12), "-12", closed(-12, -12)),
    (rounded(722, 2), "7.22", closed("7.215", "7.225")),
    (rounded(5, 1), "0.5", closed("0.45", "0.55")),
    (rounded(500, 2), "5.00", closed("4.995", "5.005")),
    (rounded(-125, 1), "-12.5", closed("-12.55", "-12.45")),
    (scaled(12, 1, "million"), "1.2 million", closed(1150000, 1250000)),
    (scaled(12, 1, "m"), "1.2m", closed(1150000, 1250000)),
    (scaled(2, 0, "million"), "2 million", closed(1500000, 2500000)),
    (scaled(25, 1, "bn"), "2.5bn", closed(2450000000, 2550000000)),
    (scaled(12, 0, "k"), "12k", closed(11500, 12500)),
    (money(scaled(3, 0, "bn"), "$"), "$3bn", closed(2500000000, 3500000000)),
    (money(scaled(800, 0, "m"), "£"), "£800m", closed(799500000, 800500000)),
    (money(scaled(5, 0, "million"), "$", as_word=True), "5 million dollars", closed(4500000, 5500000)),
    (money(exact(450), "$"), "$450", closed(450, 450)),
    (in_words(5), "five", closed(5, 5)),
    (in_words(248), "two hundred forty-eight", closed(248, 248)),
    (words_scaled(5, "million"), "five million", closed(4500000, 5500000)),
    (words_scaled(200, "thousand"), "two hundred thousand", closed(199500, 200500)),
    (dozen(12), "a dozen", closed(12, 12)),
    (dozen(6), "half a dozen", closed(6, 6)),
    (percent(427, 1), "42.7%", closed("0.4265", "0.4275")),
    (percent(43, 0), "43%", closed("0.425", "0.435")),
    (percent(43, 0, "per cent"), "43 per cent", closed("0.425", "0.435")),
    (exactly(percent(43, 0)), "exactly 43%", closed("0.43", "0.43")),
    (fraction_word("half"), "half", closed("0.5", "0.5")),
    (fraction_word("a third"), "a third", closed(F(1, 3), F(1, 3))),
    (factor_word("twice"), "twice", closed(2, 2)),
    (qualified("about", exact(200), T), "about 200", closed(180, 220)),
    (qualified("about", scaled(12, 1, "million"), T), "about 1.2 million", closed(1030000, 1370000)),
    (qualified("about", exact(200), F(1, 20)), "about 200", closed(190, 210)),
    (qualified("nearly", exact(200), T), "nearly 200", closed(180, 200)),
    (qualified("almost", fraction_word("half"), T), "almost half", closed("0.45", "0.5")),
    (qualified("just over", exact(200), T), "just over 200", closed(200, 220)),
    (qualified("more than", exact(200), T), "more than 200", Interval(F(200), None, True, True)),
    (qualified("more than", scaled(2, 0, "million"), T), "more than 2 million", Interval(F(2000000), None, True, True)),
    (qualified("at least", exact(200), T), "at least 200", closed(200, None)),
    (qualified("+", exact(200), T), "200+", closed(200, None)),
    (qualified("or more", exact(200), T), "200 or more", closed(200, None)),
    (qualified("fewer than", exact(150), T), "fewer than 150", Interval(F(0), F(150), False, True)),
    (qualified("at most", exact(150), T), "at most 150", closed(0, 150)),
    (qualified("up to", percent(30, 0), T), "up to 30%", closed(0, "0.3")),
    (vague("dozens"), "dozens", closed(24, 99)),
    (vague("hundreds"), "hundreds", closed(200, 999)),
    (vague("tens of thousands"), "tens of thousands", closed(20000, 99999)),
    # ranges: ends as written (DECISIONS §2), a suffix after the second end applies to both
    (span(F(200), F(250), "200-250"), "200-250", closed(200, 250)),
    (span(F(1200000), F(1500000), "1.2-1.5 million"), "1.2-1.5 million", closed(1200000, 1500000)),
    (span(F(3, 10), F(1, 2), "30-50%"), "30-50%", closed("0.3", "0.5")),
]


@pytest.mark.parametrize("fig, text, reading", NUMBERS, ids=[n[1] for n in NUMBERS])
def test_each_number_form_reads_as_the_docs_say(fig, text, reading):
    assert fig.text == text
    assert fig.reading == reading


def test_bounds_take_the_written_value():
    assert scaled(2, 0, "million").written == 2000000
    assert rounded(722, 2).written == F("7.22")
    assert percent(43, 0).written == F("0.43")
    assert money(scaled(807, 1, "bn"), "£").written == 80700000000


# -- claim forms: verdicts and ranges worked out by hand ------------------------------------

R = {"r": "real", "x": "amount", "share": "amount", "cost": "amount", "p.x": "amount", "p.y": "amount", "p.z": "amount"}

CASES = [
    # (name, claims, definitions, expected verdict, {quantity: expected range})
    ("share fits (42.7% of 248 = 106)", [share("yes", percent(427, 1), "n"), figure_is("n", exact(248))], [],
     "consistent", {"yes": closed(106, 106)}),
    ("share granularity miss (42.9% of 248)", [share("yes", percent(429, 1), "n"), figure_is("n", exact(248))], [],
     "contradiction", {}),
    ("shares of a defined total (a, b as names)",
     [share("a", percent(503, 1), "total"), share("b", percent(497, 1), "total"), figure_is("total", exact(1000))],
     [sum_definition("total", ["a", "b"])], "consistent", {"a": closed(503, 503), "b": closed(497, 497)}),
    ("a share presupposes a positive base", [share("yes", percent(40, 0), "voters"), figure_is("voters", exact(0))], [],
     "contradiction", {}),
    # 39.5%..40.5% of 1, 2, 3, 4 holds no whole number; of 5 it holds 2
    ("share of an undetermined base", [share("yes", percent(40, 0), "voters")], [],
     "consistent", {"voters": closed(5, None), "yes": closed(2, None)}),
    ("mean granularity miss (4.74 over 25)", [mean("s", "n", rounded(474, 2)), figure_is("n", exact(25))], [],
     "contradiction", {}),
    ("mean fits (7.22 over 32 = 231)", [mean("s", "n", rounded(722, 2)), figure_is("n", exact(32))], [],
     "consistent", {"s": closed(231, 231)}),
    ("mean bound as written", [mean_bound("s", "n", ">", exact(7)), figure_is("n", exact(2))], [],
     "consistent", {"s": closed(15, None)}),
    ("> 2 million is > 2000000, not > 1.5 million",
     [bound("refugees", ">", scaled(2, 0, "million")), figure_is("refugees", exact(1534792))], [], "contradiction", {}),
    ("> 2 million on a count", [bound("refugees", ">", scaled(2, 0, "million"))], [],
     "consistent", {"refugees": closed(2000001, None)}),
    (">= 7.22 as written", [bound("x", ">=", rounded(722, 2)), figure_is("x", rounded(722, 2))], [],
     "consistent", {"x": closed("7.22", "7.225")}),
    ("< 43% as written, strict", [bound("share", "<", percent(43, 0)), figure_is("share", percent(43, 0))], [],
     "consistent", {"share": Interval(F("0.425"), F("0.43"), False, True)}),
    ("!= leaves nothing", [bound("n", "!=", exact(5)), within("n", exact(5), exact(5))], [], "contradiction", {}),
    ("!= on an amount opens the end", [bound("x", "!=", exact(5)), bound("x", "<=", exact(5))], [],
     "consistent", {"x": Interval(F(0), F(5), False, True)}),
    ("!= on a count", [bound("n", "!=", exact(5)), bound("n", "<=", exact(5))], [], "consistent", {"n": closed(0, 4)}),
    ("in with scale words", [within("x", scaled(1, 0, "million"), scaled(15, 1, "million")),
                             figure_is("x", scaled(12, 1, "million"))], [], "consistent", {"x": closed(1150000, 1250000)}),
    ("in with currencies", [within("cost", money(scaled(807, 1, "bn"), "£"), money(scaled(877, 1, "bn"), "£"))], [],
     "consistent", {"cost": closed(80700000000, 87700000000)}),
    ("in with signs on a real", [within("r", exact(-5), exact(-3))], [], "consistent", {"r": closed(-5, -3)}),
    ("a negative real figure", [figure_is("r", rounded(-125, 1))], [], "consistent", {"r": closed("-12.55", "-12.45")}),
    ("an amount is not negative", [bound("x", "<=", exact(-1))], [], "contradiction", {}),
    ("a real may be", [bound("r", "<=", exact(-1))], [], "consistent", {"r": closed(None, -1)}),
    ("a phrase range", [figure_is("killed", span(F(200), F(250), "200-250"), "phrase")], [],
     "consistent", {"killed": closed(200, 250)}),
    ("a range of a base (30-50% of registered)",
     [share("ballots", span(F(3, 10), F(1, 2), "30-50%"), "registered"), figure_is("registered", exact(1000))], [],
     "consistent", {"ballots": closed(300, 500)}),
    ("more than on a count", [figure_is("killed", qualified("more than", exact(200), T), "phrase")], [],
     "consistent", {"killed": closed(201, None)}),
    ("fewer than on a count", [figure_is("killed", qualified("fewer than", exact(150), T), "tag")], [],
     "consistent", {"killed": closed(0, 149)}),
    ("more than on an amount", [figure_is("x", qualified("more than", exact(200), T), "phrase")], [],
     "consistent", {"x": Interval(F(200), None, True, True)}),
    ("about", [figure_is("killed", qualified("about", exact(250), T), "phrase")], [], "consistent", {"killed": closed(225, 275)}),
    ("nearly", [figure_is("killed", qualified("nearly", exact(200), T), "value")], [], "consistent", {"killed": closed(180, 200)}),
    ("dozens", [figure_is("killed", vague("dozens"), "tag")], [], "consistent", {"killed": closed(24, 99)}),
    ("> about 200", [bound_about("n", ">", exact(200), T)], [], "consistent", {"n": closed(181, None)}),
    ("< about 200 on an amount", [bound_about("x", "<", exact(200), T)], [], "consistent",
     {"x": Interval(F(0), F(220), False, True)}),
    ("~ with scale words", [about("x", scaled(12, 1, "million"), T)], [], "consistent", {"x": closed(1030000, 1370000)}),
    ("~ with approximate 5%", [about("x", exact(200), F(1, 20))], [], "consistent", {"x": closed(190, 210)}),
    ("half of an odd number", [share("k", fraction_word("half"), "y"), figure_is("y", exact(9))], [], "contradiction", {}),
    ("half of an odd number, an amount", [share("x", fraction_word("half"), "y"), figure_is("y", exact(9))], [],
     "consistent", {"x": closed("4.5", "4.5")}),
    ("half of an even number", [share("k", fraction_word("half"), "y"), figure_is("y", exact(10))], [],
     "consistent", {"k": closed(5, 5)}),
    ("a third of 100", [share("k", fraction_word("a third"), "y"), figure_is("y", exact(100))], [], "contradiction", {}),
    ("twice of y presupposes y > 0", [share("k", factor_word("twice"), "y"), figure_is("y", exact(0))], [],
     "contradiction", {}),
    ("2 * y does not", [factor("k", exact(2), "y"), figure_is("y", exact(0))], [], "consistent", {"k": closed(0, 0)}),
    ("a rounded factor", [factor("k", rounded(25, 1), "y"), figure_is("y", exact(10))], [], "consistent", {"k": closed(25, 25)}),
    ("a difference", [difference("x", "y", exact(12), False, False), figure_is("y", exact(5))], [],
     "consistent", {"x": closed(17, 17)}),
    ("y minus 3", [difference("x", "y", exact(3), True, True), figure_is("y", exact(10))], [],
     "consistent", {"x": closed(7, 7)}),
    ("a rounded difference of counts", [difference("n", "m", rounded(25, 1), False, False), figure_is("m", exact(10))], [],
     "contradiction", {}),
    ("a rounded difference of an amount", [difference("x", "m", rounded(25, 1), False, False), figure_is("m", exact(10))],
     [], "consistent", {"x": closed("12.45", "12.55")}),
    ("a difference bound as written", [difference_bound("x", "m", ">", rounded(25, 1)), figure_is("m", exact(10))], [],
     "consistent", {"x": Interval(F("12.5"), None, True, True)}),
    ("x > y on counts", [relation("n", ">", "m"), figure_is("m", exact(5))], [], "consistent", {"n": closed(6, None)}),
    ("x ~ y", [relation("n", "~", "m"), figure_is("m", exact(100))], [], "consistent", {"n": closed(90, 110)}),
    ("nested definitions add up",
     [figure_is("a.x", exact(3)), figure_is("a.y", exact(4)), figure_is("b", exact(5))],
     [sum_definition("t", ["a", "b"]), sum_definition("a", ["a.x", "a.y"])], "consistent", {"t": closed(12, 12)}),
    ("a wrong total", [figure_is("a.x", exact(3)), figure_is("a.y", exact(4)), figure_is("b", exact(5)), figure_is("t", exact(13))],
     [sum_definition("t", ["a", "b"]), sum_definition("a", ["a.x", "a.y"])], "contradiction", {}),
    ("a source's total", [total_of("t", ["a", "b"]), figure_is("a", exact(3)), figure_is("b", exact(4))], [],
     "consistent", {"t": closed(7, 7)}),
    ("shares 52 + 46 + 3 fit 100% (rounding)",
     [figure_is("p.x", percent(52, 0)), figure_is("p.y", percent(46, 0)), figure_is("p.z", percent(3, 0))],
     [shares_definition(["p.x", "p.y", "p.z"])], "consistent", {"p.z": closed("0.025", "0.03")}),
    ("shares 52 + 46 + 5 do not",
     [figure_is("p.x", percent(52, 0)), figure_is("p.y", percent(46, 0)), figure_is("p.z", percent(5, 0))],
     [shares_definition(["p.x", "p.y", "p.z"])], "contradiction", {}),
    ("a share bound as written", [share_bound("yes", ">", percent(40, 0), "voters"), figure_is("voters", exact(10))], [],
     "consistent", {"yes": closed(5, None)}),
    ("net = gain - loss", [figure_is("gain", exact(3)), figure_is("loss", exact(5))],
     [difference_definition("r", "gain", "loss")], "consistent", {"r": closed(-2, -2)}),
    ("money bounds as written", [figure_is("cost", money(scaled(3, 0, "bn"), "$")), bound("cost", ">", money(scaled(3, 0, "bn"), "$"))],
     [], "consistent", {"cost": Interval(F(3000000000), F(3500000000), True, False)}),
]


@pytest.mark.parametrize("name, claims, definitions, verdict, ranges", CASES, ids=[c[0] for c in CASES])
def test_each_claim_form_has_its_known_answer(name, claims, definitions, verdict, ranges):
    got_verdict, got = answer(story(*claims, definitions=definitions, kinds=R))
    assert got_verdict == verdict
    for q, expected in ranges.items():
        assert got[q] == expected, q


def test_claims_read_as_a_fact_checker_writes_them():
    assert share("yes", percent(427, 1), "voters").text == "yes = 42.7% of voters"
    assert mean("score.total", "respondents", rounded(722, 2)).text == "score.total / respondents = 7.22"
    assert figure_is("returned.extra", exact(75), "tag").text == "75{returned.extra}"
    assert figure_is("killed", qualified("about", exact(250), T), "phrase").text == "about 250 killed"
    assert bound("refugees", ">", scaled(2, 0, "million")).text == "refugees > 2 million"
    assert within("r", exact(-5), exact(-3)).text == "r in -5..-3"
    assert difference("x", "y", exact(3), True, True).text == "x = y - 3"
    assert share("x", fraction_word("a third"), "y").text == "x = a third of y"
    assert relation("x", "~", "y").text == "x ~ y"
    assert shares_definition(["yes", "no", "undecided"]).text == "yes + no + undecided = 100%"


def test_cumulative_counts_never_decrease():
    claims = [figure_is("deaths", exact(120), var="deaths@2024-03-01"), figure_is("deaths", exact(95), var="deaths@2024-03-05")]
    assert answer(story(*claims, cumulative=["deaths"]))[0] == "contradiction"
    claims = [figure_is("deaths", exact(120), var="deaths@2024-03-01"), bound("deaths", ">=", exact(0), var="deaths@2024-03-05"),
              figure_is("deaths", exact(130), var="deaths@2024-04-10")]
    verdict, ranges = answer(story(*claims, cumulative=["deaths"]))
    assert verdict == "consistent" and ranges["deaths@2024-03-05"] == closed(120, 130)


def test_a_minimal_core_is_minimal():
    claims = [bound("x", ">", exact(5)), bound("x", "<", exact(3)), figure_is("y", exact(2)), bound("x", "<", exact(4))]
    s = story(*claims)
    core = Z3Story(s).minimal_core(s.claims)
    assert len(core) == 2 and any(c is claims[0] for c in core)


# -- the generator makes stories ----------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(stories())
def test_each_story_holds_at_its_truth(s):
    assert oracle_problems(s) == []


def test_names_are_not_number_words():
    import oracle_stories as o

    from tallycheck.numbers import VOCABULARY  # the reader's word list, only to vet the generator's names

    keywords = set("title source define count amount real cumulative set in of to sum".split())
    pools = [o.TOPS, o.PARTS, o.COUNTS, o.MONEY, o.MONEY_PARTS, o.SHARES, o.SHARE_PARTS, o.REALS, o.SCORES, o.BASES,
             o.CUMULATIVE, o.SOURCES, o.DATA_SOURCES]
    for pool in pools:
        for name in pool:
            assert not set(name.split(".")) & (VOCABULARY | keywords), name
    for text in o.FILLERS + o.TAIL_FILLERS + o.AFTERS:
        words = set(text.replace(",", " ").replace(";", " ").split())
        assert not words & (VOCABULARY - {"to"}), text


FAMILIES = {
    "structured", "phrase", "tag", "value", "tilde", "bound", "within", "share", "share-bound", "factor", "mean",
    "mean-bound", "difference", "difference-bound", "relation", "sum",
}
WRITINGS = {
    "int", "decimal", "scaled", "words", "words-scaled", "dozen", "percent", "exactly-percent", "money-int", "money-scaled",
    "about", "nearly", "just-over", "more", "at-least", "fewer", "at-most", "vague", "range", "fraction", "factor",
}


def test_the_generator_covers_every_claim_form():
    seen: set[str] = set()

    @seed(11)
    @settings(max_examples=1000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(stories())
    def collect(s):
        files = dict(s.files())
        for st_ in s.statements:
            for c in st_.claims:
                family, _, rest = c.form.partition(":")
                seen.add(family)
                seen.update(rest.split(":"))
                seen.add(st_.place)
                seen.update(("quoted",) if st_.quoted else ())
                seen.update(("attributed",) if st_.attributed else ())
                seen.update(("two-phrases",) if len(st_.claims) == 2 and not st_.quoted else ())
                seen.update(("tag-expression",) if c.style == "tag-expression" else ())
        seen.update(("values.csv",) if "values.csv" in files else ())
        seen.update(("dated",) if any("@" in v for v in s.variables()) else ())
        seen.update(("sum(prefix.*)",) if "sum(" in files["story.tally"] else ())
        # a stricter tolerance is the file's `set approximate`, a looser one the command line's
        seen.update(("approximate",) if "set approximate" in files["story.tally"] or s.command_line().count("approximate")
                    else ())
        seen.update(("names",) if {"a", "no", "yes"} & set(s.variables()) else ())
        seen.update(kind for kind in s.variables().values())

    collect()
    needed = FAMILIES | WRITINGS | {"values", "claims", "quoted", "attributed", "two-phrases", "tag-expression", "dated",
                                    "sum(prefix.*)", "approximate", "names", "count", "amount", "real"}
    assert needed <= seen, sorted(needed - seen)
