"""``--format json``: the stable, documented report (schema: tallycheck/schemas/report.schema.json)."""

from __future__ import annotations

import json

from ..interval import Interval
from ..numtext import exact_string
from ..report import ClaimView, Report

FORMAT_VERSION = 1


def interval_json(i: Interval | None):
    if i is None:
        return None
    return {
        "low": None if i.low is None else exact_string(i.low),
        "high": None if i.high is None else exact_string(i.high),
        "low_open": i.low_open,
        "high_open": i.high_open,
        "exact": i.exact,
    }


def claim_json(c: ClaimView) -> dict:
    return {
        "source": c.source,
        "text": c.text,
        "quote": c.quote,
        "file": c.file,
        "line": c.line,
        "column": c.column,
        "form": c.form,
    }


def to_dict(report: Report) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "title": report.title,
        "verdict": report.verdict,
        "summary": {
            "files": len(report.files),
            "sources": len(report.sources),
            "claims": report.claim_count,
            "conflicts": len(report.conflicts),
            "errors": len(report.errors),
        },
        "sources": [{"id": i, "name": n} for i, n in report.sources],
        "conflicts": [
            {
                "sources": list(c.sources),
                "internal": c.internal,
                "quantities": list(c.quantities),
                "explanation": c.explanation,
                "claims": [claim_json(x) for x in c.claims],
                "definitions": [claim_json(x) for x in c.definitions],
            }
            for c in report.conflicts
        ],
        "agreements": [
            {"relation": a.relation, "figures": a.figures, "file": a.claim.file, "line": a.claim.line}
            for a in report.agreements
        ],
        "quantities": [
            {
                "name": q.name,
                "kind": q.kind,
                "status": q.status,
                "range": interval_json(q.range),
                "claimed": [{"value": v, "sources": list(w)} for v, w in q.claimed],
            }
            for q in report.quantities
        ],
        "unknowns": [{"quantities": list(u.quantities), "reason": u.reason} for u in report.unknowns],
        "errors": [
            {
                "file": d.location.file,
                "line": d.location.line,
                "column": d.location.column,
                "code": d.code,
                "message": d.message,
            }
            for d in report.errors
        ],
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
