"""The shapes users have (issue 13, item 5), at small sizes: one casualty figure from many
sources, dated figures of a cumulative count (``benchmarks/shape_*.py``; the sizes that are
timed are run by ``benchmarks/shapes.py``). Each planted wrong figure is named in a conflict,
no conflict blames agreeing figures alone, nothing is left unknown but the conflicts past
``max_conflicts``, and the same story without the planted figures is consistent."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

from tallycheck.cli import main

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def shape(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(f"shape_{name}")


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
