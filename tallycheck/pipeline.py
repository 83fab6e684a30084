"""The stages one after another, in one process: inputs -> read -> build -> solve -> :class:`Report`.

    read   tallycheck.read.inputs.read_documents   text -> Document (.tally, prose, datasets by suffix)
    build  tallycheck.build.builder.build          Documents -> Model (claims as constraints)
    solve  tallycheck.solve                        per independent component (:func:`solve_component`)
    report tallycheck.report.assemble.assemble     Model + solver results -> Report

A big input is cut into shards that go through these stages apart (tallycheck.run).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable, Sequence

from . import solve
from .build.builder import build
from .build.model import Model
from .diagnostics import Diagnostic
from .options import Options
from .read.inputs import find_inputs, read_documents, read_text
from .report.assemble import ComponentResult, assemble
from .report.records import Report

Progress = Callable[[int, int, int], None]  # (done, of how many, conflicts so far)


def check_paths(paths: list[str], options: Options = Options()) -> Report:
    """The report of the inputs under ``paths``."""
    texts, problems = read_inputs(paths)
    return check_texts(texts, options, problems)


def read_inputs(paths: list[str], progress: Progress | None = None) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """The texts of the input files under ``paths``, and the problems finding or reading them."""
    files, problems = find_inputs(paths)
    texts: list[tuple[str, str]] = []
    for i, f in enumerate(files, start=1):
        if progress is not None:
            progress(i, len(files), 0)
        text, problem = read_text(f)
        if problem is not None:
            problems.append(problem)
        else:
            texts.append((f, text))  # type: ignore[arg-type]
    return texts, problems


def check_texts(texts: Sequence[tuple[str, str | None]], options: Options = Options(),
                problems: Sequence[Diagnostic] = (), progress: Progress | None = None) -> Report:
    """Check in-memory documents ``[(file name, text), …]`` (a text of None: not read)."""
    model = build(read_documents(list(texts), options), options)
    if problems:
        model.diagnostics[:0] = problems
    return check_model(model, progress)


_ONE = Fraction(1)
_ZERO = Fraction(0)


def problem_of(model: Model) -> solve.Problem:
    """The model as one solver problem: claims by label, kind bounds and time order fixed."""
    Constraint = solve.Constraint
    constraints: list[solve.Constraint] = []
    fixed: set[int] = set()
    variables: set[str] = set()
    for claim in model.claims:
        if claim.is_definition:
            fixed.add(claim.label)
        label = claim.label
        for coeffs, op, rhs in claim.constraints:
            constraints.append(Constraint(coeffs, op, rhs, label))
            for v, _ in coeffs:
                variables.add(v)
    label = len(model.claims)
    kinds = model.kinds
    integers: list[str] = []
    for v in sorted(variables):
        kind = kinds.get(v.split("@")[0], "count")
        if kind != "real":
            constraints.append(Constraint(((v, _ONE),), ">=", _ZERO, label))
            fixed.add(label)
            label += 1
            if kind == "count":
                integers.append(v)
    for earlier, later in model.order_constraints:
        constraints.append(Constraint(((earlier, _ONE), (later, -_ONE)), "<=", _ZERO, label))
        fixed.add(label)
        label += 1
    return solve.Problem(tuple(constraints), frozenset(integers), frozenset(fixed))


def solve_component(part: solve.Problem, options: Options) -> tuple:
    """``(status, ranges, conflicts, reason)`` for one component, within the options' limits."""
    budget = solve.Budget(max_nodes=options.max_nodes, max_seconds=float(options.timeout))  # a wall clock
    # Ranges first: a range for every quantity proves the component satisfiable (an
    # infeasible one has none), and most components are -- the decision is then not needed.
    ranges = solve.implied_ranges(part, budget=budget)
    if ranges and all(r is not None for r in ranges.values()):
        return ("sat", ranges, [], None)
    decision = solve.decide(part, budget=budget)
    if decision.status == "sat":
        return ("sat", ranges, [], None)
    if decision.status == "unsat":
        search = solve.minimal_conflicts(part, budget=budget, limit=options.max_conflicts)
        return ("unsat", {}, search.conflicts, search.reason)
    return ("unknown", {}, [], decision.reason)


def check_model(model: Model, progress: Progress | None = None) -> Report:
    """Solve the model's independent components one by one and assemble the report."""
    parts = [part for part in solve.components(problem_of(model)) if part.constraints]
    results = []
    found = 0
    for i, part in enumerate(parts, start=1):
        status, ranges, conflicts, reason = solve_component(part, model.options)
        results.append(ComponentResult(part, status, ranges=ranges, conflicts=conflicts, reason=reason))
        found += len(conflicts)
        if progress is not None and (i % 256 == 0 or i == len(parts)):
            progress(i, len(parts), found)
    return assemble(model, results)
