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
from .diagnostics import Diagnostic, warnings_as_errors
from .options import Options
from .read.inputs import InputFile, find_inputs, read_documents, read_text
from .read.lines import normalized
from .report.assemble import ComponentResult, assemble
from .report.records import Report

Progress = Callable[[int, int, int], None]  # (done, of how many, conflicts so far)


def check_paths(paths: list[str], options: Options = Options()) -> Report:
    """The report of the inputs under ``paths``."""
    files, problems = find_inputs(paths)
    texts, problems = read_files(files, problems, options)
    return check_texts(texts, options, problems)


def read_files(files: Sequence[InputFile], problems: Sequence[Diagnostic], options: Options,
               progress: Progress | None = None) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """The texts of the files :func:`~tallycheck.read.inputs.find_inputs` found, each under the
    name users see, with the problems of finding (``problems``) and reading them."""
    problems = list(problems)
    texts: list[tuple[str, str]] = []
    for i, f in enumerate(files, start=1):
        if progress is not None:
            progress(i, len(files), 0)
        text, problem = read_text(f.path, options.max_file_size, f.name)
        if problem is not None:
            problems.append(problem)
        else:
            texts.append((f.name, text))  # type: ignore[arg-type]
    return texts, problems


def prepared(texts: Sequence[tuple[str, str | None]], problems: Sequence[Diagnostic], options: Options
             ) -> tuple[list[tuple[str, str | None]], list[Diagnostic]]:
    """What every check starts from, in one process or cut in shards: each text with one kind
    of line end (so that a cut by lines counts the lines every reader counts), and under
    ``--strict`` every warning an error."""
    return ([(name, text if text is None else normalized(text)) for name, text in texts],
            warnings_as_errors(problems, options.strict))


def check_texts(texts: Sequence[tuple[str, str | None]], options: Options = Options(),
                problems: Sequence[Diagnostic] = (), progress: Progress | None = None) -> Report:
    """Check in-memory documents ``[(file name, text), …]`` (a text of None: not read)."""
    texts, problems = prepared(texts, problems, options)
    model = build(read_documents(texts, options), options)
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


def solve_component(part: solve.Problem, options: Options) -> solve.Outcome:
    """Everything the report needs of one component, within the options' limits
    (:func:`tallycheck.solve.check_component`)."""
    budget = solve.Budget(max_nodes=options.max_nodes, max_seconds=float(options.timeout))  # CPU seconds, per stage (solve.budget)
    return solve.check_component(part, budget, options.max_conflicts)


def _solved(part: solve.Problem, options: Options) -> ComponentResult:
    return ComponentResult.of(part, solve_component(part, options))


def check_model(model: Model, progress: Progress | None = None) -> Report:
    """Solve the model's independent components one by one and assemble the report."""
    parts = [part for part in solve.components(problem_of(model)) if part.constraints]
    results: list[ComponentResult] = []
    found = 0
    total = len(parts)
    parts.reverse()
    while parts:  # each part let go once solved: its constraints are most of the solver's memory
        result = _solved(parts.pop(), model.options)
        results.append(result)
        found += len(result.outcome.conflicts)
        if progress is not None and (len(results) % 256 == 0 or len(results) == total):
            progress(len(results), total, found)
    return assemble(model, results)
