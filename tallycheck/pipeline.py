"""The pipeline end to end: inputs -> read -> build -> solve -> :class:`Report`.

    read   tallycheck.read.inputs.read_documents   text -> Document (.tally, prose, datasets by suffix)
    build  tallycheck.build.builder.build             Documents -> Model (claims as constraints)
    solve  tallycheck.solve                   per independent component
    report tallycheck.report.assemble.assemble       Model + solver results -> Report

A big input is cut into parts checked whole in worker processes (``--jobs``, see
docs/performance.md): datasets read in stretches that exchange what they share
(tallycheck.run.exchange), a .tally file in stretches that share nothing
(tallycheck.run.stretches), otherwise shards planned by a scan of the lines, or cut once read
(tallycheck.run.shards).
"""

from __future__ import annotations

from fractions import Fraction

from .report.assemble import ComponentResult, assemble
from .build.builder import build
from .diagnostics import Diagnostic, warnings_as_errors
from .run.engines import Limits, Run, solve_all
from .read.inputs import InputFile, find_inputs, read_documents, read_text
from .read.lines import normalized
from .build.model import Model
from .options import Options
from .report.records import Report
from .run import exchange, shards, stretches
from . import solve


def check_paths(
    paths: list[str], options: Options = Options(), run: Run = Run(), as_json: bool = False
) -> "Report | shards.JsonShards":
    """The report of the inputs under ``paths``.  With ``as_json`` and an input checked in
    shards (``--jobs``), the shards' JSON records instead, to be written as they merge."""
    files, problems = find_inputs(paths)
    return check_files(files, problems, options, run, as_json)


def check_files(
    files: list[InputFile], problems: list[Diagnostic], options: Options = Options(), run: Run = Run(),
    as_json: bool = False,
) -> "Report | shards.JsonShards":
    """The report of the files :func:`~tallycheck.read.inputs.find_inputs` found (and its problems)."""
    problems = list(problems)
    texts: list[tuple[str, str]] = []
    for i, f in enumerate(files, start=1):
        if run.progress is not None:
            run.progress("files", i, len(files), 0)
        text, problem = read_text(f.path, options.max_file_size, f.name)
        if problem is not None:
            problems.append(problem)
        else:
            texts.append((f.name, text))  # type: ignore[arg-type]
    return check_texts(texts, options, problems, run, as_json)


def check_texts(
    texts: list[tuple[str, str]],
    options: Options = Options(),
    problems: list[Diagnostic] | None = None,
    run: Run = Run(),
    as_json: bool = False,
) -> "Report | shards.JsonShards":
    """Check in-memory documents ``[(file name, text), …]`` (what the tests feed)."""
    problems = warnings_as_errors(problems or (), options.strict)  # --strict: every warning an error, whichever path
    # one kind of line end for every stage (None: a file none of whose lines is in this shard)
    texts = [(name, text if text is None else normalized(text)) for name, text in texts]
    split = run.split and run.engine == "local" and shards.available()  # big enough inputs only (Run.min_lines)
    progress = None if run.progress is None else (lambda done, of, found: run.progress("shards", done, of, found))
    names = [name for name, _ in texts]
    as_text = split and shards.can_shard(names)  # cut before reading (.tally, .csv, .tsv), or not at all
    exchanging = split and run.jobs > 1 and exchange.can_exchange(names)  # datasets, with or without rules
    lines = sum(text.count("\n") + 1 for _, text in texts) if as_text or exchanging else 0
    side_by_side = run.jobs > 1 and lines <= stretches.MAX_LINES * run.jobs  # one stretch per job at once
    if exchanging and side_by_side and lines >= run.min_lines:
        report = exchange.check_exchanging(texts, options, list(problems or ()), run.jobs, progress, as_json)
        if report is not None:
            return report
    planned = as_text and lines >= run.min_lines
    if planned:
        report = None
        if side_by_side and not exchanging:  # .tally files: stretches, if they share nothing
            report = stretches.check_in_stretches(texts, options, list(problems or ()), run.jobs, progress, as_json)
        if report is None:  # planned shards
            report = shards.check_sharded(texts, options, list(problems or ()), run.jobs, progress, as_json)
        if report is not None:
            return report
    documents = read_documents(texts, options)  # by suffix: .tally, prose, datasets (tallycheck.read.inputs)
    # cut as read: what the plan does not take (articles, .jsonl), and datasets it could not cut
    by_documents = not as_text or (planned and any(n.endswith(shards.DATASETS) for n in names))
    if split and by_documents and sum(len(d.claims) for d in documents) >= run.min_lines // 2:
        report = shards.check_documents_sharded(documents, options, list(problems or ()), run.jobs, progress,
                                                as_json)
        if report is not None:
            return report
    model = build(documents, options)
    if problems:
        model.diagnostics[:0] = problems
    return check_model(model, run)


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


def check_model(model: Model, run: Run = Run()) -> Report:
    problem = problem_of(model)
    opts = model.options
    limits = Limits(max_nodes=opts.max_nodes, timeout=float(opts.timeout), max_conflicts=opts.max_conflicts)
    parts = [part for part in solve.components(problem) if part.constraints]
    total = len(parts)
    progress = None if run.progress is None else (lambda done, found: run.progress("components", done, total, found))
    solved = solve_all(parts, limits, engine=run.engine, scheduler=run.scheduler, progress=progress)
    results = [ComponentResult(part, outcome) for part, outcome in zip(parts, solved)]
    return assemble(model, results)
