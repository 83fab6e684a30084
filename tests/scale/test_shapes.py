"""The shapes users have (issue 13, item 5; ``benchmarks/shape_*.py``), at small sizes: a
national election as one component, shares adding to 100%, one casualty figure from many
sources, dated figures of a cumulative count.  Each planted wrong figure is named in a
conflict, no conflict blames agreeing figures alone, nothing is left unknown but the conflicts
past ``max_conflicts``, and the same story without the planted figures is consistent.  The
sizes that are timed are run by ``benchmarks/shapes.py`` (docs/performance.md, "Shapes users
have")."""

from __future__ import annotations

import importlib
import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from tallycheck.cli import main
from tallycheck.formats.json_format import to_dict
from tallycheck.options import Options
from tallycheck.pipeline import check_paths

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def shape(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(f"shape_{name}")


@pytest.mark.parametrize("name, n", [("election", 300), ("shares", 500)])
@pytest.mark.parametrize("planted", [True, False])
def test_shape_verdict_and_named_figures(tmp_path, name, n, planted):
    path = tmp_path / f"{name}.tally"
    path.write_text(shape(name).generate(n, 3, planted=planted), encoding="utf-8")
    # the verdict, not the speed (the benchmark measures that): a clock that a loaded CI machine
    # cannot run out of
    report = json.loads(json.dumps(to_dict(check_paths([str(path)], Options(timeout=Fraction(120)))), default=str))
    assert shape(name).verify(n, 3, report, planted=planted) == []


def report_of(tmp_path: Path, text: str, *extra: str) -> dict:
    path = tmp_path / "story.tally"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "report.json"
    code = main(["check", str(path), "--format", "json", "--output", str(out), "--jobs", "1", *extra])
    assert code in (0, 1)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["sources", "cumulative"])
@pytest.mark.parametrize("n,seed", [(300, 1), (300, 2), (1000, 3)])
def test_each_wrong_figure_is_named(tmp_path, name, n, seed):
    report = report_of(tmp_path, shape(name).generate(n, seed))
    assert shape(name).verify(n, seed, report) == []
    for unknown in report["unknowns"]:  # the conflicts past max_conflicts, said as such
        assert unknown["stage"] == "conflicts" and unknown["limit"] == "max_conflicts"


@pytest.mark.parametrize("name", ["sources", "cumulative"])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_each_wrong_figure_is_named_within_few_conflicts(tmp_path, name, seed):
    """Five conflicts name all five wrong figures, one each (a search in breadth named those
    nearest the first it met)."""
    report = report_of(tmp_path, shape(name).generate(1000, seed), "--set", "max_conflicts=5")
    assert shape(name).verify(1000, seed, report) == []
    assert len(report["conflicts"]) == 5


@pytest.mark.parametrize("name, n", [("shares", 5000), ("cumulative", 1000)])
def test_five_more_wrong_figures_are_each_named(tmp_path, name, n):
    """Stories with more wrong figures than the shapes plant (seven shares, ten stale figures):
    each named in a conflict, no conflict without one, nothing left undecided but the
    conflicts past ``max_conflicts``.  (At 2,000 shares the rounding allows a point less, and
    the seven errors together are a conflict with all the shares as well: see the docstring
    of benchmarks/shape_shares.py.)"""
    report = report_of(tmp_path, shape(name).generate(n, 2, more=5), "--set", "timeout=120")
    assert shape(name).verify(n, 2, report, more=5) == []
    assert len(report["conflicts"]) >= 7


@pytest.mark.parametrize("name", ["sources", "cumulative"])
def test_without_the_wrong_figures_the_story_holds(tmp_path, name):
    report = report_of(tmp_path, shape(name).generate(300, 1, planted=False))
    assert report["verdict"] == "consistent"
    assert report["unknowns"] == []


def test_many_sources_giving_one_figure_are_counted_not_listed(tmp_path):
    """A conflict whose claim 30,000 other sources also make names ten of them, and counts the rest."""
    report = report_of(tmp_path, shape("sources").generate(1000, 1))
    for conflict in report["conflicts"]:
        assert len(conflict["explanation"]) < 1000
    assert any("other sources make the same claim" in c["explanation"] for c in report["conflicts"])


@pytest.mark.parametrize("planted", [True, False])
def test_shares_are_decided_on_a_few_variables(tmp_path, monkeypatch, planted):
    """2,000 shares adding to 100%, three of them added up by a newspaper (docs/performance.md,
    "Shares adding to 100%"): the shares in the 100% alone are one lumped variable
    (``solve/box.py``, ``lump``), so that no search runs on all the shares.  Each check of the
    conflict search ran the simplex on all of them, a pivot per share moved, each rewriting the
    row of the 100%: 5,000 shares ended ``unknown`` (the timeout), and so did their ranges
    without the planted figures (two optimisations per share)."""
    import tallycheck.solve.search as search

    sizes = []
    init = search.Search.__init__

    def counted(self, cons, integers, limits):
        sizes.append(len({v for c in cons for v, _ in c.coeffs}))
        init(self, cons, integers, limits)

    monkeypatch.setattr(search.Search, "__init__", counted)
    path = tmp_path / "shares.tally"
    path.write_text(shape("shares").generate(2000, 1, planted=planted), encoding="utf-8")
    report = json.loads(json.dumps(to_dict(check_paths([str(path)], Options())), default=str))
    assert shape("shares").verify(2000, 1, report, planted=planted) == []
    assert max(sizes, default=0) <= 8


@pytest.mark.parametrize("name, n, carried", [("shares", 2000, "lumps._Base.without"),
                                              ("cumulative", 1000, "passes.FirstPasses._fill")])
def test_checks_carried_from_one_to_the_next_change_no_report(tmp_path, monkeypatch, name, n, carried):
    """The conflict search's checks of all but a few claims, or of a few with the definitions,
    start from the whole part's lump or its definitions' (or the whole part's first pass of
    propagation: ``solve/selections.py``): the report is the one that each check made on its own
    gives, byte for byte."""
    from tallycheck.solve.lumps import Lumps
    from tallycheck.solve.problem import Problem

    text = shape(name).generate(n, 2)
    module, cls, method = carried.split(".")
    owner = getattr(importlib.import_module(f"tallycheck.solve.{module}"), cls)
    made = []
    step = getattr(owner, method)
    monkeypatch.setattr(owner, method, lambda self, *args: made.append(1) or step(self, *args))
    with_carry = report_of(tmp_path, text, "--set", "timeout=120")
    assert made  # the checks did start from the whole part's
    monkeypatch.setattr(Problem, "left_out", lambda self, labels, most: None)  # each check on its own
    monkeypatch.setattr(Lumps, "_near", lambda self, labels: None)
    del made[:]
    alone = report_of(tmp_path, text, "--set", "timeout=120")
    assert not made
    assert with_carry == alone
