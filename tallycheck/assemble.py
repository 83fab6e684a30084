"""Model + solver results -> :class:`~tallycheck.report.Report` (what each format shows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import syntax as s
from .explain import explain
from .interval import Interval
from .model import Claim, Model
from .numtext import format_number
from .report import Agreement, ClaimView, Conflict, QuantityRange, Report, Unknown


@dataclass
class ComponentResult:
    problem: object  # solve.Problem
    status: str  # sat | unsat | unknown
    ranges: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)
    reason: str | None = None


def view(claim: Claim) -> ClaimView:
    return ClaimView(claim.source, claim.text, claim.quote, claim.loc.file, claim.loc.line, claim.loc.column, claim.form)


def assemble(model: Model, results: list[ComponentResult]) -> Report:
    direct = _direct_claims(model)
    conflicts: list[Conflict] = []
    agreements: list[Agreement] = []
    quantities: list[QuantityRange] = []
    unknowns: list[Unknown] = []
    n = len(model.claims)
    for result in results:
        labels = sorted({c.label for c in result.problem.constraints if c.label < n})
        variables = sorted({v for c in result.problem.constraints for v, _ in c.coeffs})
        if result.status == "unsat":
            for found in result.conflicts:
                blamed = [model.claims[i] for i in sorted(found.labels) if i < n]
                used = _labels_in(found.certificate)
                defs = [model.claims[i] for i in sorted(used) if i < n and model.claims[i].is_definition]
                conflicts.append(
                    Conflict(
                        claims=tuple(view(c) for c in blamed),
                        definitions=tuple(view(c) for c in defs),
                        sources=tuple(sorted({c.source for c in blamed if c.source})),
                        quantities=tuple(sorted({q for c in blamed + defs for q in c.quantities})),
                        explanation=explain(found.certificate, model),
                    )
                )
        elif result.status == "unknown":
            unknowns.append(Unknown(tuple(variables), result.reason or "undecided within the solver's limits"))
        status = {"sat": "consistent", "unsat": "contradictory", "unknown": "unknown"}[result.status]
        for v in variables:
            rng = result.ranges.get(v) if result.status == "sat" else None
            quantities.append(
                QuantityRange(v, model.kinds.get(v.split("@")[0], "count"), status, rng, _claimed(direct.get(v, [])))
            )
        if result.status == "sat":
            for label in labels:
                claim = model.claims[label]
                if len(claim.quantities) >= 2 and claim.relation is not None:
                    agreements.append(_agreement(claim, result.ranges, direct))
    quantities.sort(key=lambda q: q.name)
    conflicts.sort(key=lambda c: (c.claims[0].file, c.claims[0].line, c.claims[0].column) if c.claims else ("", 0, 0))
    return Report(
        title=model.title,
        files=tuple(model.files),
        sources=tuple((src.id, src.name) for src in model.sources.values()),
        claim_count=sum(1 for c in model.claims if not c.is_definition),
        conflicts=tuple(conflicts),
        agreements=tuple(agreements),
        quantities=tuple(quantities),
        unknowns=tuple(unknowns),
        errors=tuple(sorted(model.diagnostics, key=lambda d: d.location)),
    )


def _labels_in(cert) -> set[int]:
    out: set[int] = set()
    stack = [cert]
    while stack:
        c = stack.pop()
        if c is None:
            continue
        for constraint, _ in getattr(c, "terms", ()):
            out.add(constraint.label)
        if hasattr(c, "constraint"):
            out.add(c.constraint.label)
        stack.extend(x for x in (getattr(c, "below", None), getattr(c, "above", None)) if x is not None)
    return out


def _direct_claims(model: Model) -> dict[str, list[Claim]]:
    """Claims about one quantity alone (``returned = 248``): the figures sources gave."""
    out: dict[str, list[Claim]] = {}
    for claim in model.claims:
        if not claim.is_definition and len(claim.quantities) == 1:
            out.setdefault(claim.quantities[0], []).append(claim)
    return out


def _claimed(claims: list[Claim]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    by_value: dict[str, list[str]] = {}
    for c in claims:
        value = _figure(c)
        who = by_value.setdefault(value, [])
        if c.source and c.source not in who:
            who.append(c.source)
    return tuple((v, tuple(w)) for v, w in by_value.items())


def _figure(claim: Claim) -> str:
    """The value a direct claim gives, as read: ``248``, ``[1150000, 1250000]``, ``> 200``."""
    if len(claim.readings) == 1:
        r = claim.readings[0]
        if claim.relation is not None and claim.relation.op not in ("=", "in", "~"):
            return f"{claim.relation.op} {r.text.strip()}"
        # exact figures as numbers; rounded or qualified ones as the source wrote them
        return format_number(r.interval.low) if r.interval.exact else r.text.strip()
    return claim.text


def _agreement(claim: Claim, ranges: dict, direct: dict[str, list[Claim]]) -> Agreement:
    def figure(ref: s.Ref) -> str:
        rng: Interval | None = ranges.get(ref.name)
        value = str(rng) if rng is not None else "?"
        who: list[str] = []
        for c in direct.get(ref.name, []):
            if c.source and c.source not in who:
                who.append(c.source)
        return f"{value} ({', '.join(who)})" if who else f"{value} (implied)"

    rel = claim.relation
    return Agreement(s.relation_text(rel), s.relation_text(rel, figure), view(claim))  # type: ignore[arg-type]
