"""minimal_conflicts(): every reported set is infeasible and minimal, and all of them are found."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver_testkit import brute_mus, brute_sat, certificate_error, selected, systems, z3_sat
from tallycheck.solve import certificate_labels, decide, minimal_conflicts

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_search(problem, is_sat):
    search = minimal_conflicts(problem)
    assert search.complete, search.reason
    found = [c.labels for c in search.conflicts]
    assert found == sorted(found, key=lambda s: (len(s), sorted(s)))
    for conflict in search.conflicts:
        labels = conflict.labels
        cons = selected(problem, labels)
        assert not is_sat(cons), ("not a conflict", labels)
        for lab in labels:
            assert is_sat(selected(problem, labels - {lab})), ("not minimal", labels, lab)
        # the certificate proves exactly this set
        assert certificate_labels(conflict.certificate) - problem.fixed == labels
        assert certificate_error(conflict.certificate, cons, problem.integers) is None
    whole = is_sat(list(problem.constraints))
    assert whole == (not found)
    # and nothing is missing
    assert sorted(found, key=sorted) == sorted(brute_mus(problem, is_sat), key=sorted)
    assert decide(problem).status == ("sat" if whole else "unsat")


@SETTINGS
@given(systems(all_integer=True))
def test_conflicts_against_brute_force(case):
    problem, domains = case
    check_search(problem, lambda cons: brute_sat(cons, domains))


@SETTINGS
@given(systems(max_constraints=5))
def test_conflicts_against_z3(case):
    pytest.importorskip("z3")
    problem, _ = case
    check_search(problem, lambda cons: z3_sat(cons, problem.integers))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 7), min_size=1, max_size=3), max_size=7))
def test_smallest_hitting_set_is_smallest(sets):
    """The conflict search's cover removes a smallest set of claims meeting every conflict found."""
    import itertools

    from tallycheck.solve.conflicts import _smallest_hitting_set

    got = _smallest_hitting_set(sets)
    assert all(s & got for s in sets)
    universe = sorted(set().union(*sets)) if sets else []
    smallest = next(k for k in range(len(universe) + 1)
                    if any(all(s & set(c) for s in sets) for c in itertools.combinations(universe, k)))
    assert len(got) == smallest


def _hitting_set_without_the_cut(sets: list[frozenset[int]]) -> frozenset[int]:
    """The search as it was before its lower bound: the same branching, every branch walked."""
    from tallycheck.solve.conflicts import _greedy

    count: dict[int, int] = {}
    for s in sets:
        for x in s:
            count[x] = count.get(x, 0) + 1
    rank = {x: (-n, x) for x, n in count.items()}
    best = _greedy(sets, rank) if sets else frozenset()

    def search(chosen: frozenset[int]) -> None:
        nonlocal best
        if len(chosen) >= len(best):
            return
        open_ = [s for s in sets if not (s & chosen)]
        if not open_:
            best = chosen
            return
        for x in sorted(min(open_, key=lambda s: (len(s), sorted(s))), key=rank.__getitem__):
            search(chosen | {x})

    search(frozenset())
    return best


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 11), min_size=1, max_size=4), max_size=12))
def test_the_cut_of_the_hitting_set_search_finds_the_same_set(sets):
    """The lower bound cuts branches that hold no smaller set: the set found is the one the
    search without it finds, label for label (which conflicts are listed depends on it)."""
    from tallycheck.solve.conflicts import _smallest_hitting_set

    assert _smallest_hitting_set(sets, max_nodes=10**9) == _hitting_set_without_the_cut(sets)


def test_a_hitting_set_cut_short_still_lists_conflicts():
    """Past its branches the hitting set is the best found, perhaps not smallest: the cover
    then lists the conflicts it found without failing."""
    from tallycheck.solve.conflicts import _smallest_hitting_set

    sets = [frozenset({i, i + 1}) for i in range(0, 40, 1)]
    got = _smallest_hitting_set(sets, max_nodes=1)
    assert all(s & got for s in sets)
