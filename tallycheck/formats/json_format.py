"""``--format json``: the stable, documented report (schema: tallycheck/schemas/report.schema.json).

Every text is the input's, exactly; the characters that would act on a terminal or a viewer
(control and bidirectional characters, lone surrogates, ``##[``) are written as ``\\uXXXX``
escapes, so the file read raw is inert too (tallycheck.formats._inert.json_text)."""

from __future__ import annotations

import json
from itertools import islice
from types import GeneratorType
from typing import Iterator

from ..numbers.interval import Interval
from ..numbers.numtext import exact_string
from ..report.records import ClaimView, Report
from ._inert import json_text

FORMAT_VERSION = 1


def interval_json(i: Interval | None):
    if i is None:
        return None
    exact = i.exact
    low = None if i.low is None else exact_string(i.low)
    return {
        "low": low,
        "high": low if exact else None if i.high is None else exact_string(i.high),
        "low_open": i.low_open,
        "high_open": i.high_open,
        "exact": exact,
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


def conflict_record(c) -> dict:
    return {
        "sources": list(c.sources),
        "internal": c.internal,
        "quantities": list(c.quantities),
        "explanation": c.explanation,
        "claims": [claim_json(x) for x in c.claims],
        "definitions": [claim_json(x) for x in c.definitions],
        "minimal": c.minimal,
    }


def agreement_record(a) -> dict:
    return {"relation": a.relation, "figures": a.figures, "file": a.claim.file, "line": a.claim.line}


def quantity_record(q) -> dict:
    record = {
        "name": q.name,
        "kind": q.kind,
        "status": q.status,
        "range": interval_json(q.range),
    }
    if q.range is None:
        record["range_reason"] = q.range_reason or "not settled"
    record["claimed"] = [{"value": v, "sources": list(w)} for v, w in q.claimed]
    record["pinned_by"] = [{"end": e, "claim": t} for e, t in q.pinned_by]
    return record


def unknown_record(u) -> dict:
    return {
        "quantities": list(u.quantities),
        "reason": u.reason,
        "stage": u.stage,
        "limit": u.limit,
        "claims": [claim_json(x) for x in u.claims],
    }


def error_record(d) -> dict:
    return {
        "file": d.location.file,
        "line": d.location.line,
        "column": d.location.column,
        "code": d.code,
        "message": d.message,
    }


def summary(report: Report) -> dict:
    return {
        "files": len(report.files),
        "sources": len(report.sources),
        "claims": report.claim_count,
        "conflicts": len(report.conflicts),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        **({"known_conflicts": report.known_conflicts} if report.known_conflicts else {}),
    }


def _fields(report: Report) -> dict:
    """The report's fields; each list of records as a generator, made as it is written."""
    return {
        "format_version": FORMAT_VERSION,
        "title": report.title,
        "verdict": report.verdict,
        "summary": summary(report),
        "sources": ({"id": i, "name": n} for i, n in report.sources),
        "conflicts": (conflict_record(c) for c in report.conflicts),
        "agreements": (agreement_record(a) for a in report.agreements),
        "quantities": (quantity_record(q) for q in report.quantities),
        "unknowns": (unknown_record(u) for u in report.unknowns),
        "errors": (error_record(d) for d in report.errors),
        "warnings": (error_record(d) for d in report.warnings),
    }


def to_dict(report: Report) -> dict:
    return {k: list(v) if isinstance(v, GeneratorType) else v for k, v in _fields(report).items()}


def render(report: Report) -> str:
    return "".join(chunks(report))


def chunks(report: Report) -> Iterator[str]:
    """The report as text, piece by piece (a big report is written without being held whole).

    Top-level fields one per line; each record of a list on a line of its own: readable
    and diff-friendly (a changed conflict or quantity is a changed line), and fast: each
    record is written by the json module's C encoder, which nested indentation would
    turn off.
    """
    fields = {
        key: ((encode_record(r) for r in value) if isinstance(value, GeneratorType) else value)
        for key, value in _fields(report).items()
    }
    return layout(fields)


_BETWEEN = ",\n    "  # between two records of a list
_BATCH = 4096  # records joined into one piece (1.7M records at 1M claims: 1.3 -> 0.54 s to write them to /dev/null)


def layout(fields: dict) -> Iterator[str]:
    """Write fields whose lists are given as iterators of records already encoded
    (``encode_record``): how the JSON of shards checked apart is put together."""
    yield "{\n"
    items = list(fields.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, (GeneratorType, Iterator)) and not isinstance(value, (str, dict, list)):
            first = next(value, None)
            if first is None:
                yield f"  {_compact(key)}: []{comma}\n"
                continue
            yield f"  {_compact(key)}: [\n    {first}"
            while batch := list(islice(value, _BATCH)):  # joined a few thousand at a time, not piece by piece
                yield _BETWEEN + _BETWEEN.join(batch)
            yield f"\n  ]{comma}\n"
        else:
            yield f"  {_compact(key)}: {_compact(value)}{comma}\n"
    yield "}\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
_plain = _ENCODER.encode


def _compact(value) -> str:
    """Compact JSON; the data exact, the characters that would act written as escapes
    (tallycheck.formats._inert.json_text)."""
    return json_text(_plain(value))


def _record_encoder():
    """``_compact`` for records, with the json module's C encoder made once for all of them
    (``JSONEncoder.encode`` makes a new one at every call, which costs more than a small
    record's text).  The same text; records are trees, so no check for circular references."""
    make = getattr(json.encoder, "c_make_encoder", None)  # not a public interface: checked below
    if make is None:  # no C accelerator: the json module's own way
        return _plain
    try:
        encoder = make(None, _ENCODER.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)

        def fast(record) -> str:
            return "".join(encoder(record, 0))

        sample = {"a": [1, None, True, "é\"\n"], "b": {"c": -2}}
        if fast(sample) == _plain(sample):
            return fast
    except Exception:  # another Python's C encoder: the json module's own way
        pass
    return _plain


def encode_record(record: dict) -> str:
    """One record as compact JSON (``{"name": "a", "kind": "count", …}``), inert as
    ``_compact``."""
    return json_text(_encode(record))


_encode = _record_encoder()
