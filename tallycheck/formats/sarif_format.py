"""``--format sarif``: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDEs).

One run; the driver ``tallycheck`` has a rule ``contradiction`` and one rule per input-error
code.  Each conflict is one result (level ``error``) whose ``locations`` are *all* its
claims; its ``relatedLocations`` are those claims again and the definitions it relies on,
each with an ``id`` that the result's message links to (``[simonyan](1)``): GitHub code
scanning shows only the first of ``locations`` and reaches the others through these
links.  Each input error, each warning (level ``warning``, or ``note`` for a suggestion
such as a misspelt name) and each undecided part is a result too.  Square brackets from
the inputs are escaped in messages (``\\[``), so a quote is never read as a link; every
text is inert (tallycheck.formats._inert: control and bidirectional characters written
visibly).  Paths stay as the report holds them: relative ones are relative URIs against
``%SRCROOT%``, absolute ones ``file://`` URIs.
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import quote

from ..diagnostics import Context, Diagnostic
from ..report.records import ClaimView, Conflict, Report, Unknown
from ._common import (
    CONTRADICTION_HELP, ERROR_CODES, NOTE_CODES, WARNING_CODES, claim_where, claimant, headline, located, unknown_line,
)
from ._inert import json_text, visible

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def render(report: Report) -> str:
    return json_text(json.dumps(to_dict(report), indent=2, ensure_ascii=False)) + "\n"


def to_dict(report: Report) -> dict:
    """The SARIF log; every text in it inert (viewers render messages and snippets)."""
    return _inert(_log(report))


def _inert(value):
    if isinstance(value, str):
        return visible(value, newlines=True)
    if isinstance(value, list):
        return [_inert(v) for v in value]
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    return value


def _log(report: Report) -> dict:
    rules = _rules(report)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = [_conflict_result(c, index) for c in report.conflicts]
    results += [_diagnostic_result(d, index) for d in report.errors]
    results += [_diagnostic_result(d, index) for d in report.warnings]
    results += [_unknown_result(u, index, report) for u in report.unknowns]
    run: dict = {
        "tool": {
            "driver": {
                "name": "tallycheck",
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "verdict": report.verdict,
            "title": report.title,
            "claims": report.claim_count,
            "sources": [i for i, _ in report.sources],
        },
    }
    if report.files:
        run["artifacts"] = [{"location": _artifact(f)} for f in report.files]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


# --- rules ------------------------------------------------------------------------------

def _rule(rule_id: str, name: str, short: str, full: str, level: str) -> dict:
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": level},
        "help": {"text": full},
    }


def _camel(code: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", code) if part) or "Problem"


def _rules(report: Report) -> list[dict]:
    rules = [
        _rule("contradiction", "Contradiction", "Published figures contradict each other", CONTRADICTION_HELP,
              "error"),
        _rule("undecided", "Undecided", "Part of the claims could not be decided within the limits",
              "The solver's limits (time or search nodes) were reached before this part of the claims "
              "was decided; it is neither known to be consistent nor contradictory.", "warning"),
    ]
    codes = [c for c in ERROR_CODES if c not in ("contradiction", "undecided")]
    # a code added to the pipeline later still gets a rule (after the known ones, sorted)
    seen = {d.code for d in report.errors} | {d.code for d in report.warnings}
    codes += sorted(seen - set(codes) - {"contradiction", "undecided"})
    for code in codes:
        text = ERROR_CODES.get(code, f"Input problem ({code}).")
        level = "note" if code in NOTE_CODES else "warning" if code in WARNING_CODES else "error"
        rules.append(_rule(code, _camel(code), text.rstrip("."), text, level))
    return rules


# --- locations --------------------------------------------------------------------------

def _uri(path: str) -> tuple[str, bool]:
    """A path as the report holds it -> (URI reference, relative?)."""
    p = path.replace("\\", "/")
    if _WINDOWS_DRIVE.match(path):
        return "file:///" + quote(p, safe="/-._~!$&'()*+,;=@:"), False
    if p.startswith("/"):
        return "file://" + quote(p, safe="/-._~!$&'()*+,;=@"), False
    # ':' is escaped so that a relative path never reads as a scheme ("c:x")
    return quote(p, safe="/-._~!$&'()*+,;=@"), True


def _artifact(path: str) -> dict:
    uri, relative = _uri(path)
    return {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}


def _physical(file: str, line: int, column: int, end_column: int | None = None, snippet: str | None = None,
              context: Context | None = None) -> dict:
    out: dict = {"artifactLocation": _artifact(file)}
    if line > 0:
        region: dict = {"startLine": line, "startColumn": max(1, column)}
        if end_column is not None and end_column > region["startColumn"]:
            region["endColumn"] = end_column
        if snippet:
            region["snippet"] = {"text": snippet}
        out["region"] = region
        if context is not None:  # the line, or the part of it around the column (Diagnostic.context)
            out["contextRegion"] = {"startLine": line, "snippet": {"text": context.text}}
            if context.cut_before or context.cut_after:
                out["contextRegion"].update(startColumn=context.column, endColumn=context.column + len(context.text))
    return out


def _text(text: str) -> str:
    """Text from the inputs in a SARIF message: brackets escaped (SARIF 2.1.0 §3.11.6)."""
    return text.replace("[", "\\[").replace("]", "\\]")


def _claim_location(c: ClaimView, message: str, i: int | None = None) -> dict:
    out: dict = {} if i is None else {"id": i}
    out["physicalLocation"] = _physical(c.file, c.line, c.column, snippet=c.text)
    out["message"] = {"text": message}
    return out


def _claim_message(c: ClaimView) -> str:
    out = f"{_text(claimant(c))}: {_text(c.text)}" if c.source is not None else f"definition {_text(c.text)}"
    if c.quote:
        out += f" — “{_text(c.quote)}”"
    return out


# --- results ----------------------------------------------------------------------------

def _fingerprint(conflict: Conflict) -> str:
    """Stable across moved lines: the claims' sources and texts, and the quantities."""
    key = json.dumps(
        [sorted([c.source or "", c.text] for c in conflict.claims), list(conflict.quantities)],
        ensure_ascii=False,
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _conflict_result(conflict: Conflict, index: dict[str, int]) -> dict:
    claims = located(conflict)
    defs = conflict.definitions if conflict.claims else ()
    links = ", ".join(f"[{_text(claimant(c))} {_text(claim_where(c))}]({i})" for i, c in enumerate(claims, 1))
    message = f"Contradiction {_text(headline(conflict))}: {_text(conflict.explanation)}. Claims: {links}"
    if defs:
        message += "; given " + ", ".join(
            f"[the definition {_text(d.text)}]({len(claims) + i})" for i, d in enumerate(defs, 1)
        )
    result: dict = {
        "ruleId": "contradiction",
        "ruleIndex": index["contradiction"],
        "level": "error",
        "message": {"text": message + "."},
        "locations": [_claim_location(c, _claim_message(c)) for c in claims],
        "relatedLocations": [_claim_location(c, _claim_message(c), i) for i, c in enumerate(claims, 1)]
        + [_claim_location(d, f"given the definition {_text(d.text)}", len(claims) + i) for i, d in enumerate(defs, 1)],
    }
    result["partialFingerprints"] = {"tallycheckConflict/v1": _fingerprint(conflict)}
    result["properties"] = {
        "sources": list(conflict.sources),
        "quantities": list(conflict.quantities),
        "internal": conflict.internal,
    }
    return result


def _diagnostic_result(d: Diagnostic, index: dict[str, int]) -> dict:
    """An input error (level ``error``) or a warning (``warning``; ``note`` for a
    suggestion such as a name that may be misspelt)."""
    rule = d.code
    loc = d.location
    level = "error" if d.severity == "error" else "note" if rule in NOTE_CODES else "warning"
    return {
        "ruleId": rule,
        "ruleIndex": index[rule],
        "level": level,
        "message": {"text": _text(d.message)},
        "locations": [
            {"physicalLocation": _physical(loc.file, loc.line, loc.column, loc.end_column, context=d.context())}
        ],
    }


def _unknown_result(u: Unknown, index: dict[str, int], report: Report) -> dict:
    result: dict = {
        "ruleId": "undecided",
        "ruleIndex": index["undecided"],
        "level": "warning",
        "message": {"text": _text(f"Undecided: {unknown_line(u)}")},
        "properties": {"quantities": list(u.quantities), "stage": u.stage, "limit": u.limit},
    }
    # where the part's claims are (code scanning wants a location: the first file when none)
    if u.claims:
        result["locations"] = [{"physicalLocation": _physical(c.file, c.line, c.column)} for c in u.claims]
    elif report.files:
        result["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(report.files[0])}}]
    return result
