"""The conflict search on big parts, against z3: the shapes users have (``benchmarks/shape_*.py``)
at sizes where its checks of all but a few claims start from the whole part (the lumps of
50,000 shares, the first pass of a chain of dated figures: ``solve/selections.py``).  Each
conflict it reports is infeasible for z3 with the part's fixed constraints, and each is
minimal: without any one of its claims, z3 finds a solution.  The planted figures are named
(``verify``, in ``tests/scale/test_shapes.py``); this checks the proofs of what is named."""

from __future__ import annotations

import importlib
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from solver_testkit import z3_solver
from tallycheck import solve
from tallycheck.build.builder import build
from tallycheck.options import Options
from tallycheck.pipeline import problem_of, solve_component
from tallycheck.read.inputs import read_documents
from tallycheck.solve import lumps, passes

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _story(name: str, n: int, seed: int) -> str:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(f"shape_{name}").generate(n, seed)


def _z3(part: solve.Problem, labels: frozenset[int]) -> str:
    import z3

    chosen = [c for c in part.constraints if c.label in labels or c.label in part.fixed]
    solver = z3_solver(chosen, part.integers)
    solver.set("timeout", 60_000)
    return str(solver.check())


@pytest.mark.parametrize("name, n, seed, carried", [("shares", 2000, 2, (lumps._Base, "without")),
                                                     ("cumulative", 1500, 2, (passes.FirstPasses, "_fill"))])
def test_each_conflict_of_a_big_part_is_infeasible_and_minimal_for_z3(monkeypatch, name, n, seed, carried):
    options = Options(timeout=Fraction(120))
    model = build(read_documents([(f"{name}.tally", _story(name, n, seed))], options), options)
    part = max(solve.components(problem_of(model)), key=lambda p: len(p.constraints))
    owner, method = carried
    step, made = getattr(owner, method), []
    monkeypatch.setattr(owner, method, lambda self, *args: made.append(1) or step(self, *args))
    outcome = solve_component(part, options)
    assert len(made) >= 3  # the checks started from the whole part
    assert outcome.conflicts, "the planted figures make conflicts"
    for conflict in outcome.conflicts[:6]:
        assert conflict.minimal
        assert _z3(part, conflict.labels) == "unsat", sorted(conflict.labels)
        for label in sorted(conflict.labels):
            assert _z3(part, conflict.labels - {label}) == "sat", (sorted(conflict.labels), label)
