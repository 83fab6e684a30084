"""The shapes users have (benchmarks/shape_*.py) at small sizes: the verdict, each planted
figure named in a reported conflict, no conflict without one, no unknown; and the same
story without the planted figures consistent.  The sizes the benchmark measures are in
docs/performance.md ("Shapes users have")."""

from __future__ import annotations

import importlib
import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from tallycheck.formats.json_format import to_dict
from tallycheck.options import Options
from tallycheck.pipeline import check_paths

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _shape(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(f"shape_{name}")


@pytest.mark.parametrize("name, n", [("election", 300), ("shares", 500)])
@pytest.mark.parametrize("wrong", [True, False])
def test_shape_verdict_and_named_figures(tmp_path, name, n, wrong):
    shape = _shape(name)
    path = tmp_path / f"{name}.tally"
    path.write_text(shape.generate(n, 3, wrong=wrong), encoding="utf-8")
    # the verdict, not the speed (the benchmark measures that): a clock that a loaded CI machine
    # cannot run out of
    report = json.loads(json.dumps(to_dict(check_paths([str(path)], Options(timeout=Fraction(120)))), default=str))
    assert shape.verify(n, 3, report, wrong=wrong) == []
