"""The pipeline end to end: inputs -> read -> build -> solve -> :class:`Report`.

    read   tallycheck.inputs.read_documents   text -> Document (.tally, prose, datasets by suffix)
    build  tallycheck.build.build             Documents -> Model (claims as constraints)
    solve  tallycheck.solve                   per independent component
    report tallycheck.assemble.assemble       Model + solver results -> Report
"""

from __future__ import annotations

from fractions import Fraction

from .assemble import ComponentResult, assemble
from .build import build
from .diagnostics import Diagnostic
from .inputs import find_inputs, read_documents, read_text
from .model import Model
from .options import Options
from .parse import parse_document
from .report import Report
from . import solve


def check_paths(paths: list[str], options: Options = Options()) -> Report:
    files, problems = find_inputs(paths)
    texts: list[tuple[str, str]] = []
    for f in files:
        text, problem = read_text(f)
        if problem is not None:
            problems.append(problem)
        else:
            texts.append((f, text))  # type: ignore[arg-type]
    return check_texts(texts, options, problems)


def check_texts(
    texts: list[tuple[str, str]], options: Options = Options(), problems: list[Diagnostic] | None = None
) -> Report:
    """Check in-memory documents ``[(file name, text), …]`` (what the tests feed)."""
    documents = read_documents(texts, options)  # by suffix: .tally, prose, datasets (tallycheck.inputs)
    model = build(documents, options)
    if problems:
        model.diagnostics[:0] = problems
    return check_model(model)


def problem_of(model: Model) -> solve.Problem:
    """The model as one solver problem: claims by label, kind bounds and time order fixed."""
    constraints: list[solve.Constraint] = []
    fixed: set[int] = set()
    for claim in model.claims:
        if claim.is_definition:
            fixed.add(claim.label)
        for coeffs, op, rhs in claim.constraints:
            constraints.append(solve.Constraint(coeffs, op, rhs, claim.label))
    label = len(model.claims)
    variables = sorted({v for c in constraints for v, _ in c.coeffs})
    for v in variables:
        if model.kinds.get(v.split("@")[0], "count") != "real":
            constraints.append(solve.Constraint(((v, Fraction(1)),), ">=", Fraction(0), label))
            fixed.add(label)
            label += 1
    for earlier, later in model.order_constraints:
        constraints.append(solve.Constraint(((earlier, Fraction(1)), (later, Fraction(-1))), "<=", Fraction(0), label))
        fixed.add(label)
        label += 1
    integers = frozenset(v for v in variables if model.kinds.get(v.split("@")[0], "count") == "count")
    return solve.Problem(tuple(constraints), integers, frozenset(fixed))


def check_model(model: Model) -> Report:
    problem = problem_of(model)
    opts = model.options
    budget = solve.Budget(max_nodes=opts.max_nodes, max_seconds=float(opts.timeout))
    results: list[ComponentResult] = []
    for part in solve.components(problem):
        if not part.constraints:
            continue
        decision = solve.decide(part, budget=budget)
        if decision.status == "sat":
            ranges = solve.implied_ranges(part, budget=budget)
            results.append(ComponentResult(part, "sat", ranges=ranges))
        elif decision.status == "unsat":
            search = solve.minimal_conflicts(part, budget=budget, limit=opts.max_conflicts)
            results.append(ComponentResult(part, "unsat", conflicts=search.conflicts, reason=search.reason))
        else:
            results.append(ComponentResult(part, "unknown", reason=decision.reason))
    return assemble(model, results)
