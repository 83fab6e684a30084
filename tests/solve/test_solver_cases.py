"""Concrete cases from the spec (SPEC §1, §5) and the solver's brief."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from solver_testkit import certificate_error
from tallycheck.numbers.interval import Interval
from tallycheck.solve import (
    ASSUMPTION,
    Branch,
    Budget,
    Constraint,
    Farkas,
    Problem,
    Split,
    certificate_constraints,
    certificate_labels,
    check_certificate,
    components,
    decide,
    implied_ranges,
    minimal_conflicts,
    range_search,
)
from tallycheck.solve.certificates import build_farkas

C = Constraint.make


def exchange(extra: int) -> Problem:
    # define returned = returned.swap + returned.extra ; counts are >= 0 (fixed)
    return Problem(
        (
            C({"returned": 1, "returned.swap": -1, "returned.extra": -1}, "=", 0, 0),
            C({"returned": 1}, ">=", 0, 1),
            C({"returned.swap": 1}, ">=", 0, 1),
            C({"returned.extra": 1}, ">=", 0, 1),
            C({"returned": 1}, "=", 248, 10),
            C({"returned.swap": 1}, "=", 173, 11),
            C({"returned.extra": 1}, "=", extra, 12),
        ),
        frozenset({"returned", "returned.swap", "returned.extra"}),
        frozenset({0, 1}),
    )


def test_exchange_consistent():
    d = decide(exchange(75))
    assert d.status == "sat"
    assert d.model == {"returned": 248, "returned.swap": 173, "returned.extra": 75}
    assert minimal_conflicts(exchange(75)).conflicts == []


def test_exchange_off_by_five():
    p = exchange(70)
    d = decide(p)
    assert d.status == "unsat"
    cert = d.certificate
    assert isinstance(cert, Farkas)
    assert certificate_error(cert, p.constraints, p.integers) is None
    assert check_certificate(cert, p.constraints, p.integers) is None
    assert cert.relation == "=" and cert.constant == -5
    assert certificate_labels(cert) == {0, 10, 11, 12}
    search = minimal_conflicts(p)
    assert search.complete
    assert [c.labels for c in search.conflicts] == [frozenset({10, 11, 12})]
    # the multipliers are +-1: 248 = 173 + 70 is off by 5
    assert sorted(abs(m) for _, m in search.conflicts[0].certificate.terms) == [1, 1, 1, 1]


def test_a_conflict_is_checked_against_its_own_claims_before_it_is_reported():
    """The proof of a reported conflict may use its claims and the definitions, nothing else:
    a conflict that names fewer claims than its proof uses (a solver bug) is refused."""
    from tallycheck.solve.certificates import ProofFailed, check_conflict
    from tallycheck.solve.problem import Conflict

    p = exchange(70)
    found = minimal_conflicts(p).conflicts[0]
    check_conflict(p, found)  # its proof checks
    for fewer in (frozenset({10, 11}), frozenset({11, 12}), frozenset()):
        with pytest.raises(ProofFailed, match="does not check: uses a constraint that is not available"):
            check_conflict(p, Conflict(fewer, found.certificate))
    other = minimal_conflicts(exchange(80)).conflicts[0]  # a proof of another problem's conflict
    with pytest.raises(ProofFailed):
        check_conflict(p, Conflict(found.labels, other.certificate))


def test_a_component_one_by_its_claim_is_decided_by_its_variables():
    """``score / respondents = 0`` is ``score = 0`` and ``respondents > 0``: one claim, one
    component, two variables.  The one-variable path took them for one variable: ``v = 0``
    and ``v > 0``, no solution -- a wrong decision, and for ``< 0`` a proof that does not
    check (found by the check of every proof, oracle survey seed 73)."""
    kinds = (C({"score": 1}, ">=", 0, 1), C({"respondents": 1}, ">=", 0, 2))
    ints = frozenset({"score", "respondents"})
    (part,) = components(Problem((C({"score": 1}, "=", 0, 0), C({"respondents": 1}, ">", 0, 0), *kinds), ints,
                                 frozenset({1, 2})))
    assert part.connected and decide(part).status == "sat"
    (part,) = components(Problem((C({"score": 1}, "<", 0, 0), C({"respondents": 1}, ">", 0, 0), *kinds), ints,
                                 frozenset({1, 2})))
    d = decide(part)
    assert d.status == "unsat" and check_certificate(d.certificate, part.constraints, part.integers) is None


def percentage(low: F, high: F, base: int = 248) -> Problem:
    # low*base <= y <= high*base, y a count
    return Problem(
        (C({"y": 1}, ">=", low * base, 1), C({"y": 1}, "<=", high * base, 2)),
        frozenset({"y"}),
    )


def test_granularity_refuted_single_variable():
    p = percentage(F("0.4285"), F("0.4295"))
    d = decide(p)
    assert d.status == "unsat"
    cert = d.certificate
    assert isinstance(cert, Branch) and cert.var == "y" and cert.gap
    assert cert.relaxed == Interval(F("106.268"), F("106.516"))
    assert cert.bound == 106
    assert certificate_error(cert, p.constraints, p.integers) is None
    assert [c.labels for c in minimal_conflicts(p).conflicts] == [frozenset({1, 2})]


def test_granularity_accepted_single_variable():
    p = percentage(F("0.4265"), F("0.4275"))
    d = decide(p)
    assert d.status == "sat" and d.model == {"y": 106}
    assert implied_ranges(p) == {"y": Interval.point(106)}


def share_of(low: F, high: F) -> Problem:
    # y = p * 248 with p in [low, high] (a rounded percentage), y a count
    return Problem(
        (
            C({"y": 1, "p": -248}, "=", 0, 0),
            C({"p": 1}, ">=", low, 1),
            C({"p": 1}, "<=", high, 1),
        ),
        frozenset({"y"}),
        frozenset({0}),
    )


def test_granularity_through_the_simplex():
    p = share_of(F("0.4285"), F("0.4295"))
    d = decide(p)
    assert d.status == "unsat"
    cert = d.certificate
    assert isinstance(cert, Branch) and cert.gap
    assert cert.relaxed == Interval(F("106.268"), F("106.516"))
    assert certificate_error(cert, p.constraints, p.integers) is None
    ok = share_of(F("0.4265"), F("0.4275"))
    d = decide(ok)
    assert d.status == "sat" and d.model["y"] == 106
    r = implied_ranges(ok)
    assert r["y"] == Interval.point(106)
    assert r["p"] == Interval.point(F(106, 248))


def test_mean_of_integer_answers():
    # score.total / respondents = 4.74 (rounded: [4.735, 4.745]) with respondents = 25: no whole total
    def mean(r: F, n: int) -> Problem:
        half = F(1, 200)
        return Problem(
            (
                C({"total": 1, "n": -(r - half)}, ">=", 0, 1),
                C({"total": 1, "n": -(r + half)}, "<=", 0, 1),
                C({"n": 1}, "=", n, 2),
                C({"total": 1}, ">=", 0, 0),
                C({"n": 1}, ">=", 0, 0),
            ),
            frozenset({"total", "n"}),
            frozenset({0}),
        )

    bad = mean(F("4.74"), 25)
    d = decide(bad)
    assert d.status == "unsat" and certificate_error(d.certificate, bad.constraints, bad.integers) is None
    assert [c.labels for c in minimal_conflicts(bad).conflicts] == [frozenset({1, 2})]
    good = mean(F("7.22"), 32)
    d = decide(good)
    assert d.status == "sat" and d.model["total"] == 231


def test_shares_adding_to_101_and_103_percent():
    # three shares rounded to whole percents of one base b > 0: 52% + 46% + 3% (ok), 52% + 48% + 3% (not)
    def shares(*pcts: int) -> Problem:
        cons = [C({"b": 1}, ">", 0, 0), C({"b": 1, **{f"s{i}": -1 for i in range(len(pcts))}}, "=", 0, 0)]
        for i, pct in enumerate(pcts):
            cons.append(C({f"s{i}": 1, "b": -(F(pct) - F(1, 2)) / 100}, ">=", 0, i + 1))
            cons.append(C({f"s{i}": 1, "b": -(F(pct) + F(1, 2)) / 100}, "<=", 0, i + 1))
        return Problem(tuple(cons), frozenset(), frozenset({0}))

    assert decide(shares(52, 46, 3)).status == "sat"
    p = shares(52, 48, 3)
    d = decide(p)
    assert d.status == "unsat" and certificate_error(d.certificate, p.constraints, p.integers) is None
    assert [c.labels for c in minimal_conflicts(p).conflicts] == [frozenset({1, 2, 3})]


def test_two_independent_conflicts():
    p = Problem(
        (
            C({"killed": 1}, ">", 200, 1),  # police: more than 200
            C({"killed": 1}, "<", 150, 2),  # hospital: fewer than 150
            C({"a": 1, "b": -1, "t": -1}, "=", 0, 0),
            C({"a": 1}, "=", 10, 3),
            C({"b": 1}, "=", 4, 4),
            C({"t": 1}, "=", 5, 5),
        ),
        frozenset({"killed", "a", "b", "t"}),
        frozenset({0}),
    )
    s = minimal_conflicts(p)
    assert s.complete
    assert [c.labels for c in s.conflicts] == [frozenset({1, 2}), frozenset({3, 4, 5})]
    for c in s.conflicts:
        assert certificate_labels(c.certificate) - p.fixed == c.labels
        assert certificate_error(c.certificate, p.constraints, p.integers) is None


def test_same_claim_twice_gives_two_conflicts():
    # two sources both say 70, one says 248 = 173 + extra: two minimal conflicts
    p = Problem(
        (
            C({"r": 1, "s": -1, "e": -1}, "=", 0, 0),
            C({"r": 1}, "=", 248, 1),
            C({"s": 1}, "=", 173, 2),
            C({"e": 1}, "=", 70, 3),
            C({"e": 1}, "=", 70, 4),
        ),
        frozenset({"r", "s", "e"}),
        frozenset({0}),
    )
    s = minimal_conflicts(p)
    assert [c.labels for c in s.conflicts] == [frozenset({1, 2, 3}), frozenset({1, 2, 4})]


def test_definitions_contradict_themselves():
    p = Problem(
        (C({"x": 1}, "=", 1, 0), C({"x": 1}, "=", 2, 1), C({"y": 1}, "=", 3, 5)),
        frozenset(),
        frozenset({0, 1}),
    )
    s = minimal_conflicts(p)
    assert len(s.conflicts) == 1 and s.conflicts[0].labels == frozenset()


def test_not_equal_split():
    p = Problem(
        (C({"x": 1}, ">=", 3, 1), C({"x": 1}, "<=", 4, 2), C({"x": 1}, "!=", 3, 3), C({"x": 1}, "!=", 4, 4)),
        frozenset({"x"}),
    )
    d = decide(p)
    assert d.status == "unsat"
    assert isinstance(d.certificate, Split)
    assert certificate_error(d.certificate, p.constraints, p.integers) is None
    rational = Problem(p.constraints, frozenset())
    d = decide(rational)
    assert d.status == "sat" and 3 < d.model["x"] < 4
    assert implied_ranges(rational)["x"] == Interval(F(3), F(4), True, True)
    assert implied_ranges(Problem(p.constraints[:3], frozenset({"x"})))["x"] == Interval.point(4)


def test_constant_constraints():
    p = Problem((Constraint((), "<=", F(-5), 1), Constraint((), "!=", F(0), 2), Constraint((), "=", F(0), 3)), frozenset())
    assert len(components(p)) == 3
    d = decide(p)
    assert d.status == "unsat" and d.certificate.constant == -5
    d = decide(p, frozenset({2}))
    assert isinstance(d.certificate, Split)
    assert certificate_error(d.certificate, p.constraints, p.integers) is None
    assert decide(p, frozenset({3})).status == "sat"
    assert [c.labels for c in minimal_conflicts(p).conflicts] == [frozenset({1}), frozenset({2})]


def test_components_order_and_content():
    p = Problem(
        (
            C({"b": 1}, "=", 1, 7),
            C({"a": 1, "c": 1}, "=", 1, 3),
            C({"c": 1}, ">=", 0, 5),
            C({"b": 1, "d": 1}, "<=", 4, 2),
        ),
        frozenset({"a"}),
        frozenset({5}),
    )
    comps = components(p)
    assert [[c.label for c in q.constraints] for q in comps] == [[7, 2], [3, 5]]
    assert comps[0].integers == frozenset() and comps[1].integers == {"a"}
    assert comps[1].fixed == {5} and comps[0].fixed == frozenset()


def test_parity_is_refuted_by_branching_on_the_form():
    # 2x - 2y = 1: no integers; branching on x alone would never end, on x - y it ends at once
    p = Problem((C({"x": 2, "y": -2}, "=", 1, 1),), frozenset({"x", "y"}))
    d = decide(p)
    assert d.status == "unsat"
    cert = d.certificate
    assert isinstance(cert, Branch) and cert.is_form and cert.var == "x - y"
    assert cert.relaxed == Interval.point(F(1, 2))
    assert certificate_error(cert, p.constraints, p.integers) is None
    q = Problem((C({"x": 1, "y": 1}, ">", 2, 1), C({"x": 1, "y": 1}, "<", 3, 2)), frozenset({"x", "y"}))
    d = decide(q)
    assert d.status == "unsat" and d.certificate.var == "x + y"
    assert d.certificate.relaxed == Interval(F(2), F(3), True, True)
    assert certificate_error(d.certificate, q.constraints, q.integers) is None


def even_and_odd() -> Problem:
    # x = 2y and x = 2z + 1: needs a combination of rows, beyond branch and bound over unbounded counts
    return Problem(
        (
            C({"x": 1, "y": -2}, "=", 0, 1),
            C({"x": 1, "z": -2}, "=", 1, 2),
            C({"x": 1}, ">=", 0, 0),
            C({"y": 1}, ">=", 0, 0),
            C({"z": 1}, ">=", 0, 0),
        ),
        frozenset({"x", "y", "z"}),
        frozenset({0}),
    )


def test_even_and_odd_is_refuted_by_combining_the_equalities():
    # x = 2y and x = 2z + 1 over unbounded counts: branching alone never ends; the
    # combination y - z = -1/2 holds no whole number
    p = even_and_odd()
    d = decide(p, budget=Budget(max_nodes=50))
    assert d.status == "unsat" and isinstance(d.certificate, Branch) and d.certificate.gap
    assert d.certificate.var == "y - z" and d.certificate.relaxed == Interval.point(F(1, 2))
    assert certificate_error(d.certificate, p.constraints, p.integers) is None
    assert [c.labels for c in minimal_conflicts(p).conflicts] == [frozenset({1, 2})]


def subset_sum(n: int = 40) -> Problem:
    # no solution, and no short proof: a wide, shallow tree
    xs = [f"x{i}" for i in range(n)]
    cons = [C({x: 1000 + 7 * i for i, x in enumerate(xs)}, "=", 20001, 1)]
    cons += [C({x: 1}, ">=", 0, 0) for x in xs] + [C({x: 1}, "<=", 1, 0) for x in xs]
    return Problem(tuple(cons), frozenset(xs), frozenset({0}))


def test_node_budget_names_its_option():
    p = subset_sum()
    d = decide(p, budget=Budget(max_nodes=50))
    assert d.status == "unknown" and d.reason == "more than 50 branches in one decision (max_nodes)"
    assert d.limit == "max_nodes"
    s = minimal_conflicts(p, budget=Budget(max_nodes=50))
    assert not s.complete and s.conflicts == []
    assert [(u.stage, u.limit) for u in s.undecided] == [("conflicts", "max_nodes")]
    r = range_search(p, budget=Budget(max_nodes=50))
    assert all(v is None for v in r.ranges.values())
    assert set(r.reasons) == set(p.variables) and all("(max_nodes)" in why for why in r.reasons.values())


def test_time_budget():
    d = decide(subset_sum(), budget=Budget(max_nodes=10**9, max_seconds=0.3))
    assert d.status == "unknown" and d.reason == "more than 0.3 seconds (timeout)" and d.limit == "timeout"


def test_deep_certificates_are_checked_without_recursion():
    # a chain of 5,000 nested branches (far past Python's recursion limit)
    x = "x"
    cons = (C({x: 2}, "=", 1, 1),)
    p = Problem(cons, frozenset({x}))
    leaf = decide(p).certificate
    cert = leaf
    for n in range(5000):
        below = Constraint(((x, F(1)),), "<=", F(-n - 10), ASSUMPTION)
        cert = Branch(x, Interval(None, None), build_farkas([((below, F(1)), F(1)), ((cons[0], F(-1, 2)), F(1))]), cert, -n - 10)
    assert check_certificate(cert, p.constraints, p.integers) is None
    assert certificate_labels(cert) == {1}


def test_certificate_constraints_lists_the_claims_used():
    p = exchange(70)
    cert = decide(p).certificate
    assert {c.label for c in certificate_constraints(cert)} == {0, 10, 11, 12}


def test_strict_integer_bounds():
    p = Problem((C({"x": 1}, ">", 2, 1), C({"x": 1}, "<", 3, 2)), frozenset({"x"}))
    d = decide(p)
    assert d.status == "unsat" and isinstance(d.certificate, Branch)
    assert d.certificate.relaxed == Interval(F(2), F(3), True, True)
    q = Problem((C({"x": 1, "y": 1}, ">", 2, 1), C({"x": 1, "y": 1}, "<", 3, 2)), frozenset({"x", "y"}))
    assert implied_ranges(Problem(q.constraints, frozenset({"x"}))) == {
        "x": Interval(None, None),
        "y": Interval(None, None),
    }
    r = Problem(q.constraints + (C({"x": 1}, ">=", 0, 3), C({"y": 1}, ">=", 0, 3)), frozenset({"x"}))
    # y = 0 would need x >= 3 > 3 - y: the infimum 0 is not attained
    assert implied_ranges(r) == {"x": Interval(F(0), F(2)), "y": Interval(F(0), F(3), True, True)}


def women(most: int) -> Problem:
    # define women = one_a + two_b; one_a >= 33% of women; two_b = just over 67% of women
    # (67% .. 67.5%); chains of ~ beside (the oracle's survey, issue 11)
    names = ("ballots.women", "ballots.women.one_a", "ballots.women.two_b", "ballots.rural", "ballots.urban")
    w, one_a, two_b, rural, urban = names
    return Problem(
        (
            C({w: 1, one_a: -1, two_b: -1}, "=", 0, 0),
            C({one_a: 1, w: F(-33, 100)}, ">=", 0, 1),
            C({two_b: 1, w: F(-67, 100)}, ">=", 0, 2),
            C({two_b: 1, w: F(-675, 1000)}, "<", 0, 2),
            C({rural: 1, w: F(-9, 10)}, ">=", 0, 3),
            C({rural: 1, w: F(-11, 10)}, "<=", 0, 3),
            C({urban: 1, w: F(-9, 10)}, ">=", 0, 4),
            C({urban: 1, w: F(-11, 10)}, "<=", 0, 4),
            C({w: 1}, ">", 0, 5),
            C({w: 1}, "<=", most, 6),
            *(C({v: 1}, ">=", 0, 0) for v in names),
        ),
        frozenset(names),
        frozenset({0}),
    )


def test_a_part_bounded_on_one_side_takes_the_other_end_from_its_sum():
    # one_a >= 33% and two_b >= 67% of women leave one_a at exactly 33%: women is a multiple of
    # 100, found (or refuted below 100) by one scan of women; the search climbed women a rung
    # at a time before (7,320 nodes on the survey's story)
    p = women(99)
    d = decide(p, budget=Budget(max_nodes=40))
    assert d.status == "unsat", d.reason
    assert certificate_error(d.certificate, list(p.constraints), p.integers) is None
    assert check_certificate(d.certificate, p.constraints, p.integers) is None
    r = implied_ranges(women(484), budget=Budget(max_nodes=400))
    assert (r["ballots.women"].low, r["ballots.women"].high) == (100, 400)


def test_a_quantity_branched_on_again_and_again_yields_to_the_others():
    # staff = adults + rural + south + urban; urban = south + 51531; rural ~ adults; urban = 42%
    # of staff: at the least staff the vertex leaves south fractional, and adults and rural,
    # ranked first as bases of ratios, took turns in a ladder of branches (5 s, "unknown")
    names = ("staff", "staff.adults", "staff.rural", "staff.south", "staff.urban")
    staff, adults, rural, south, urban = names
    p = Problem(
        (
            C({staff: 1, adults: -1, rural: -1, south: -1, urban: -1}, "=", 0, 0),
            C({urban: 1, south: -1}, "=", 51531, 1),
            C({rural: 1, adults: F(-9, 10)}, ">=", 0, 2),
            C({rural: 1, adults: F(-11, 10)}, "<=", 0, 2),
            C({urban: 1, staff: F(-415, 1000)}, ">=", 0, 3),
            C({urban: 1, staff: F(-425, 1000)}, "<=", 0, 3),
            C({staff: 1}, ">", 0, 3),
            *(C({v: 1}, ">=", 0, 0) for v in names),
        ),
        frozenset(names),
        frozenset({0}),
    )
    d = decide(p, budget=Budget(max_nodes=200))
    assert d.status == "sat", d.reason
    r = implied_ranges(p, budget=Budget(max_nodes=2000))
    assert (r[staff].low, r[staff].high) == (121250, None)


def test_free_parts_are_branched_on_last():
    # returned_2 = north + south + east, north = adults + minors, north - east = -60, south 19.95%
    # to 20% (open) of returned_2: returned_2 - south must be even, first at 802.  After 16
    # rungs of the share's ladder north yielded to adults and minors, free parts whose branches
    # doubled the tree at each rung (more than 10,000 branches, CI's oracle)
    names = ("returned_2", "south", "north", "east", "north.adults", "north.minors")
    total, south, north, east, adults, minors = names
    p = Problem(
        (
            C({north: 1, adults: -1, minors: -1}, "=", 0, 0),
            C({total: 1, north: -1, south: -1, east: -1}, "=", 0, 0),
            C({south: 1, total: F(-1, 5)}, "<", 0, 1),
            C({south: 1, total: F(-399, 2000)}, ">=", 0, 2),
            C({south: 1, total: F(-401, 2000)}, "<=", 0, 2),
            C({total: 1}, ">", 0, 2),
            C({north: 1, east: -1}, "=", -60, 3),
            *(C({v: 1}, ">=", 0, 0) for v in names),
        ),
        frozenset(names),
        frozenset({0}),
    )
    d = decide(p, budget=Budget(max_nodes=2000))
    assert d.status == "sat", d.reason
    r = implied_ranges(p, budget=Budget(max_nodes=5000))
    assert (r[total].low, r[south].low) == (802, 160)


def test_a_sum_with_a_term_in_no_ratio_is_scanned_with_its_bound():
    # returned = west + swap + children, west 33.33% and swap 66.67% of returned, children != 0:
    # west + swap <= returned - 1 leaves no whole returned below 12,000.  Each part alone fits
    # every returned from 10,000, so the scan of the parts alone never jumped: the search
    # climbed returned a rung at a time (more than 1,700 branches, 4.3 s)
    names = ("returned", "returned.west", "returned.swap", "returned.children")
    returned, west, swap, children = names
    p = Problem(
        (
            C({returned: 1, west: -1, swap: -1, children: -1}, "=", 0, 0),
            C({children: 1}, "!=", 0, 1),
            C({west: 1, returned: F(-33325, 100000)}, ">=", 0, 2),
            C({west: 1, returned: F(-33335, 100000)}, "<", 0, 2),
            C({swap: 1, returned: F(-66665, 100000)}, ">=", 0, 3),
            C({swap: 1, returned: F(-66675, 100000)}, "<", 0, 3),
            C({returned: 1}, ">", 0, 2),
            *(C({v: 1}, ">=", 0, 4) for v in names),
        ),
        frozenset(names),
        frozenset({0}),
    )
    d = decide(p, budget=Budget(max_nodes=100))
    assert d.status == "sat", d.reason
    r = implied_ranges(p, budget=Budget(max_nodes=200))
    assert (r[returned].low, r[swap].low, r[west].low) == (12000, 8000, 3999)
    below = Problem(p.constraints + (C({returned: 1}, "<", 11990, 5),), p.integers, p.fixed)
    d = decide(below, budget=Budget(max_nodes=100))
    assert d.status == "unsat", d.reason
    assert certificate_error(d.certificate, list(below.constraints), below.integers) is None
    assert check_certificate(d.certificate, below.constraints, below.integers) is None


class _Unwalkable(frozenset):
    """A component's whole quantities, which a search of one of its groups may ask about but
    never walk (the election of 100k precincts: 2,000 groups, each walking 400,000 names)."""

    def __iter__(self):
        raise AssertionError("a search walked every whole quantity of the component")


def test_a_search_of_a_group_never_walks_the_components_whole_quantities():
    from tallycheck.solve.budget import Limits
    from tallycheck.solve.search import Search

    votes, red, blue, other = "votes.r1", "red.r1", "blue.r1", "other.r1"
    cons = [
        C({votes: 1, red: -1, blue: -1, other: -1}, "=", 0, 0),
        C({red: 1, votes: F(-515, 1000)}, ">=", 0, 1),
        C({red: 1, votes: F(-525, 1000)}, "<", 0, 1),
        C({blue: 1, votes: F(-415, 1000)}, ">=", 0, 2),
        C({blue: 1, votes: F(-425, 1000)}, "<", 0, 2),
        C({votes: 1}, ">", 0, 2),
        *(C({v: 1}, ">=", 0, 3) for v in (votes, red, blue, other)),
    ]
    everyone = _Unwalkable({votes, red, blue, other, *(f"red.r{i}" for i in range(2, 1000))})
    ok, model = Search(cons, everyone, Limits(Budget())).solve()
    assert ok and model[votes] == model[red] + model[blue] + model[other]
