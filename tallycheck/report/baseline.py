"""Baselines: the conflicts already known, so that CI fails only on new ones.

A conflict's fingerprint is made of what its claims say, not where they are: each claim's
source and its text as written (quantities and values), and the conflict's quantities.
Moving claims within a file, or to another file, keeps the fingerprint; changing a
figure, a quantity or a source makes a new conflict.

The baseline file is JSON (sorted, no timestamps, so it diffs well in review)::

    {"tallycheck_baseline": 1,
     "conflicts": [{"fingerprint": "…", "sources": […], "quantities": […],
                    "claims": [{"source": "mod", "claim": "returned = 248"}, …]}, …]}

Only ``fingerprint`` is compared; the rest is there for people reading the file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Location
from .records import Conflict, Report

VERSION = 1


def _claims(conflict: Conflict) -> list[tuple[str, str]]:
    return sorted((c.source or "", " ".join(c.text.split())) for c in conflict.claims)


def fingerprint(conflict: Conflict) -> str:
    key = json.dumps({"claims": _claims(conflict), "quantities": sorted(conflict.quantities)},
                     ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def baseline_json(report: Report) -> str:
    entries = [
        {
            "fingerprint": fingerprint(c),
            "sources": sorted(c.sources),
            "quantities": sorted(c.quantities),
            "claims": [{"source": s, "claim": t} for s, t in _claims(c)],
        }
        for c in report.conflicts
    ]
    entries.sort(key=lambda e: (e["fingerprint"], e["claims"]))
    return json.dumps({"tallycheck_baseline": VERSION, "conflicts": entries}, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Split:
    new: tuple[Conflict, ...]
    known: tuple[Conflict, ...]
    gone: int  # conflicts in the baseline that were not found this time


def read_baseline(file: str) -> tuple[Counter | None, Diagnostic | None]:
    """The fingerprints of a baseline file (with their counts), or a located problem."""
    try:
        data = Path(file).read_bytes()
    except OSError as e:
        return None, Diagnostic(Location(file, 0), f"cannot read the baseline: {e.strerror}", "baseline")
    try:
        text = data.decode("utf-8")
        doc = json.loads(text)
    except UnicodeDecodeError:
        return None, Diagnostic(Location(file, 0), "the baseline is not valid UTF-8", "baseline")
    except json.JSONDecodeError as e:
        lines = text.split("\n")
        shown = lines[e.lineno - 1] if 0 < e.lineno <= len(lines) else None
        return None, Diagnostic(Location(file, e.lineno, e.colno), f"the baseline is not valid JSON: {e.msg}",
                                "baseline", shown)
    if not isinstance(doc, dict) or doc.get("tallycheck_baseline") != VERSION or not isinstance(
        doc.get("conflicts"), list
    ):
        return None, Diagnostic(Location(file, 1, 1), "not a tallycheck baseline (write one with "
                                "`tallycheck check --write-baseline FILE`)", "baseline")
    prints: Counter = Counter()
    for k, entry in enumerate(doc["conflicts"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            return None, Diagnostic(Location(file, 1, 1), f"conflict {k + 1} of the baseline has no fingerprint",
                                    "baseline")
        prints[entry["fingerprint"]] += 1
    return prints, None


def split(report: Report, known: Counter) -> Split:
    left = Counter(known)
    new: list[Conflict] = []
    old: list[Conflict] = []
    for c in report.conflicts:
        f = fingerprint(c)
        if left[f] > 0:
            left[f] -= 1
            old.append(c)
        else:
            new.append(c)
    return Split(tuple(new), tuple(old), sum(left.values()))


def describe(conflict: Conflict) -> str:
    """One conflict in a few plain lines (for stderr)."""
    s = conflict.sources
    who = " and ".join(s) if len(s) > 1 else f"inside {s[0]}" if s else "among the definitions"
    lines = [f"  known: {who} on {', '.join(conflict.quantities)}: {conflict.explanation}"]
    for c in conflict.claims:
        lines.append(f"    {c.file}:{c.line}:{c.column}  {c.source}  {c.text}")
    return "\n".join(lines)


def apply_baseline(report: Report, file: str) -> tuple[Report, list[str]]:
    """The report with only the conflicts that are not in the baseline ``file`` (those fail),
    and lines for stderr that show the known ones.  A bad baseline is an input error."""
    from dataclasses import replace

    known, problem = read_baseline(file)
    if problem is not None:
        return replace(report, errors=(problem, *report.errors)), []
    parts = split(report, known)  # type: ignore[arg-type]
    notes = [f"baseline {file}: {len(parts.known)} known conflict{'s' if len(parts.known) != 1 else ''} "
             f"(not failing), {len(parts.new)} new"]
    notes += [describe(c) for c in parts.known]
    if parts.gone:
        notes.append(f"  {parts.gone} conflict{'s' if parts.gone != 1 else ''} of the baseline "
                     f"{'are' if parts.gone != 1 else 'is'} no longer found (write the baseline again to drop "
                     f"{'them' if parts.gone != 1 else 'it'})")
    return replace(report, conflicts=parts.new, known_conflicts=len(parts.known)), notes


def write_baseline(report: Report, file: str) -> tuple[str | None, Diagnostic | None]:
    """Write the baseline; returns a line for stderr, or a problem (nothing is written when the
    input has errors, since its conflicts may then be incomplete)."""
    if report.errors:
        return None, Diagnostic(Location(file, 0), "baseline not written: the input has errors (fix them first)",
                                "baseline")
    try:
        with open(file, "w", encoding="utf-8") as fh:
            fh.write(baseline_json(report))
    except OSError as e:
        return None, Diagnostic(Location(file, 0), f"cannot write the baseline: {e.strerror}", "baseline")
    n = len(report.conflicts)
    return f"wrote baseline {file}: {n} conflict{'s' if n != 1 else ''}", None
