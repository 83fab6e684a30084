"""The build fast path writes the same constraints as the general construction, or steps aside."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tallycheck.read import syntax as s
from tallycheck.build.constraints import BuildError, Context, relation_constraints
from tallycheck.diagnostics import Location
from tallycheck.build.fastbuild import simple_constraints
from tallycheck.numbers import NumberError, read_number

LOC = Location("f.tally", 1, 1, 2)
NUMBERS = [
    "0", "5", "248", "1,234", "42.7%", "3%", "100%", "5.00", "0.5", "about 200", "more than 200",
    "fewer than 150", "at least 12", "up to 40%", "200-250", "between 2 and 3", "nearly half",
    "1.2 million", "0%", "12,5", "zero", "half", "twice", "-5", "a third",
    # rounded figures (taken as written in a bound or at a range's end), signed, scaled,
    # with a currency; ranges; a ratio rounded as a proportion
    "2 million", "7.22", "43%", "-12.5", "£80.7bn", "1.5e6", "one in five", "2.5 times", "30-50%",
    "1.2-1.5 million", "250", "-3", "exactly 7.2", "nearly 200",
]
NAMES = ["x", "y", "r", "five"]  # r is real; five is a number word
OPS = ["=", "!=", "<", "<=", ">", ">=", "~", "in"]


def _ctx(exact: bool):
    def read(num):
        return read_number(num.text)

    def variable(ref):
        if ref.name == "five":
            raise BuildError("number word", ref.loc)
        return ref.name

    return Context(read, variable, lambda node: [], lambda v: v == "r", Fraction(1, 10), [], exact_numbers=exact)


def _outcome(fn, rel, exact):
    ctx = _ctx(exact)
    try:
        cons = fn(rel, ctx)
    except BuildError as e:
        return ("error", e.message, e.loc)
    except NumberError as e:
        return ("number-error", str(e))
    if cons is None:
        return None
    return (cons, [r.interval for r in ctx.readings])


@settings(max_examples=600)
@given(
    st.sampled_from(NAMES), st.sampled_from(OPS), st.sampled_from(NUMBERS),
    st.one_of(st.none(), st.sampled_from(NAMES)), st.booleans(),
)
def test_fast_build_equals_the_general_construction(name, op, number, base, exact):
    right = s.Number(number, LOC)
    if base is not None:
        right = s.ShareOf(right, s.Ref(base, None, LOC))
    rel = s.Relation(s.Ref(name, None, LOC), op, right)
    _compare_both(rel, exact)


def _terms(draw_names, draw_ops, number):
    expr = s.Ref(draw_names[0], None, LOC)
    for name, op in zip(draw_names[1:], draw_ops):
        term = s.Number(number, LOC) if name == "#" else s.Ref(name, None, LOC)
        expr = s.BinOp(op, expr, term)
    return expr


@settings(max_examples=600)
@given(
    st.sampled_from(NAMES), st.sampled_from(OPS),
    st.lists(st.sampled_from(NAMES + ["#", "z"]), min_size=1, max_size=5),
    st.lists(st.sampled_from(["+", "-", "*"]), min_size=4, max_size=4),
    st.sampled_from(NUMBERS), st.booleans(),
)
def test_fast_sums_of_quantities_equal_the_general_construction(name, op, names, ops, number, exact):
    rel = s.Relation(s.Ref(name, None, LOC), op, _terms(names, ops, number))
    _compare_both(rel, exact)


def _compare_both(rel, exact):
    fast = _outcome(simple_constraints, rel, exact)
    if fast is None:
        return
    assert fast == _outcome(relation_constraints, rel, exact)


@pytest.mark.parametrize("rel", [
    s.Relation(s.Ref("x", None, LOC), "=", s.Number("248", LOC)),
    s.Relation(s.Ref("x", None, LOC), ">", s.Number("4,671", LOC)),
    s.Relation(s.Ref("x", None, LOC), "=", s.ShareOf(s.Number("42.7%", LOC), s.Ref("y", None, LOC))),
    s.Relation(s.Ref("x", None, LOC), "=", _terms(["y", "z", "y"], ["+", "-"], "1")),
])
def test_common_claims_take_the_fast_path(rel):
    assert _outcome(simple_constraints, rel, False) is not None
    assert _outcome(simple_constraints, rel, False) == _outcome(relation_constraints, rel, False)


@settings(max_examples=600)
@given(
    st.lists(st.sampled_from(NAMES + ["#", "z"]), min_size=1, max_size=4),
    st.lists(st.sampled_from(["+", "-", "*"]), min_size=3, max_size=3),
    st.sampled_from(OPS), st.sampled_from(NUMBERS), st.booleans(),
)
def test_fast_totals_equal_the_general_construction(names, ops, op, number, exact):
    """``a + b - c REL NUMBER``, as definitions of shares write it (``a + b + c = 100%``)."""
    left = _terms(names, ops, "7")
    _compare_both(s.Relation(left, op, s.Number(number, LOC)), exact)


@settings(max_examples=400)
@given(st.sampled_from(NAMES), st.sampled_from(NUMBERS), st.sampled_from(NUMBERS), st.booleans())
def test_fast_ranges_equal_the_general_construction(name, low, high, exact):
    rel = s.Relation(s.Ref(name, None, LOC), "in", s.Bounds(s.Number(low, LOC), s.Number(high, LOC)))
    _compare_both(rel, exact)
    assert _outcome(simple_constraints, rel, exact) is not None


@settings(max_examples=600)
@given(
    st.sampled_from(NAMES + ["#"]), st.sampled_from(NAMES + ["#"]), st.sampled_from(OPS),
    st.sampled_from(NUMBERS), st.booleans(),
)
def test_fast_ratios_equal_the_general_construction(top, bottom, op, number, exact):
    """``a / b REL NUMBER`` (an average: ``score / respondents = 5.42``)."""
    def term(name):
        return s.Number("7", LOC) if name == "#" else s.Ref(name, None, LOC)

    _compare_both(s.Relation(s.BinOp("/", term(top), term(bottom)), op, s.Number(number, LOC)), exact)


@pytest.mark.parametrize("number", ["5.42", "7", "0", "between 2 and 3"])
def test_ratios_take_the_fast_path(number):
    rel = s.Relation(s.BinOp("/", s.Ref("x", None, LOC), s.Ref("y", None, LOC)), "=", s.Number(number, LOC))
    assert _outcome(simple_constraints, rel, False) is not None
    _compare_both(rel, False)


def test_a_bound_takes_its_figure_as_written_on_both_paths():
    x = (("x", Fraction(1)),)
    cases = [
        (">", "2 million", [(x, ">", Fraction(2000000))]),
        ("<", "43%", [(x, "<", Fraction(43, 100))]),
        (">=", "7.22", [(x, ">=", Fraction(722, 100))]),
        ("!=", "5.5", [(x, "!=", Fraction(11, 2))]),
        (">", "about 200", [(x, ">", Fraction(180))]),  # a qualifier keeps its meaning
        ("=", "2 million", [(x, "<=", Fraction(2500000)), (x, ">=", Fraction(1500000))]),  # `=` keeps the rounding
    ]
    for op, number, want in cases:
        rel = s.Relation(s.Ref("x", None, LOC), op, s.Number(number, LOC))
        assert _outcome(simple_constraints, rel, False)[0] == want, (op, number)
        assert _outcome(relation_constraints, rel, False)[0] == want, (op, number)


def test_range_ends_are_taken_as_written_and_must_not_run_downwards():
    rel = s.Relation(s.Ref("x", None, LOC), "in", s.Bounds(s.Number("1.2 million", LOC), s.Number("1.5 million", LOC)))
    want = [((("x", Fraction(1)),), "<=", Fraction(1500000)), ((("x", Fraction(1)),), ">=", Fraction(1200000))]
    assert _outcome(simple_constraints, rel, False)[0] == want == _outcome(relation_constraints, rel, False)[0]
    rel = s.Relation(s.Ref("x", None, LOC), "in", s.Bounds(s.Number("250", LOC), s.Number("200", LOC)))
    fast, general = _outcome(simple_constraints, rel, False), _outcome(relation_constraints, rel, False)
    assert fast == general and fast[0] == "error" and "runs downwards" in fast[1]


def test_shares_of_a_total_take_the_fast_path():
    rel = s.Relation(_terms(["x", "y", "z"], ["+", "+"], "1"), "=", s.Number("100%", LOC))
    assert _outcome(simple_constraints, rel, True) is not None
    _compare_both(rel, True)
