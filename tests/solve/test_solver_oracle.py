"""decide() against independent oracles: brute force over small integer grids, and z3."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver_testkit import brute_sat, certificate_error, model_error, selected, systems, z3_sat
from tallycheck.solve import components, decide

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_decision(problem, labels, expected_sat: bool):
    d = decide(problem, labels)
    cons = selected(problem, labels)
    assert d.status in ("sat", "unsat"), d.reason
    assert d.status == ("sat" if expected_sat else "unsat"), (problem, labels)
    if d.status == "sat":
        assert d.certificate is None
        assert model_error(problem, cons, d.model) is None, model_error(problem, cons, d.model)
    else:
        assert d.model is None
        err = certificate_error(d.certificate, cons, problem.integers)
        assert err is None, (err, d.certificate)


@SETTINGS
@given(systems(all_integer=True))
def test_all_integer_bounded_agrees_with_brute_force(case):
    problem, domains = case
    check_decision(problem, None, brute_sat(problem.constraints, domains))


@SETTINGS
@given(systems(all_integer=True, claims=True))
def test_each_component_as_components_makes_it_agrees_with_brute_force(case):
    """A component is decided whole (``connected``), and a claim's constraints are one
    component whatever their variables: a claim of two constraints on two variables was
    taken for one variable."""
    problem, domains = case
    for part in components(problem):
        check_decision(part, None, brute_sat(part.constraints, domains))


@SETTINGS
@given(systems(all_integer=True), st.data())
def test_label_subsets_agree_with_brute_force(case, data):
    problem, domains = case
    labels = frozenset(data.draw(st.sets(st.sampled_from(sorted(problem.labels)))))
    check_decision(problem, labels, brute_sat(selected(problem, labels), domains))


@SETTINGS
@given(systems())
def test_mixed_systems_agree_with_z3(case):
    pytest.importorskip("z3")
    problem, _ = case
    check_decision(problem, None, z3_sat(problem.constraints, problem.integers))


@SETTINGS
@given(systems(all_integer=False), st.data())
def test_rational_systems_agree_with_z3(case, data):
    pytest.importorskip("z3")
    problem, _ = case
    # drop integrality altogether (pure linear arithmetic with strict bounds and !=)
    from tallycheck.solve import Problem

    rational = Problem(problem.constraints, frozenset(), problem.fixed)
    check_decision(rational, None, z3_sat(rational.constraints, frozenset()))


@st.composite
def equalities(draw):
    """2-5 equalities over 2-5 whole quantities, coefficients such as shares write them
    (``m = 1/4 b``, ``t = 1/3 n``), no bounds: the lattice alone decides."""
    from tallycheck.solve import Constraint

    n = draw(st.integers(2, 5))
    names = [f"x{i}" for i in range(n)]
    coefficient = st.sampled_from([Fraction(k, d) for k in range(-4, 5) if k for d in (1, 2, 3, 4)])
    cons = []
    for label in range(draw(st.integers(2, 5))):
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=n, unique=True))
        coeffs = tuple(sorted((v, draw(coefficient)) for v in chosen))
        rhs = Fraction(draw(st.integers(-30, 30)), draw(st.sampled_from([1, 1, 2, 3])))
        cons.append(Constraint(coeffs, "=", rhs, label))
    return cons, frozenset(names)


@SETTINGS
@given(equalities())
def test_the_lattice_test_of_equalities_agrees_with_z3(case):
    """``_equality_gap`` finds a gap exactly when z3 finds no whole solution of the equalities
    (when they have a rational one), and its proof checks."""
    pytest.importorskip("z3")
    from tallycheck.solve.search import _equality_gap

    cons, ints = case
    if not z3_sat(cons, frozenset()):
        return  # no rational solution: the simplex's business, not the lattice's
    gap = _equality_gap(cons, ints)
    assert (gap is None) == z3_sat(cons, ints), cons
    if gap is not None:
        assert certificate_error(gap, cons, ints) is None
