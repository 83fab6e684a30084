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

from ..diagnostics import Diagnostic, Location
from ..files import NotReadable, read_bytes, shown_path, write_file
from ..read.lines import normalized, split_lines
from .records import Conflict, Report, Unknown

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


def read_baseline(file: str, limit: int) -> tuple[Counter | None, Diagnostic | None]:
    """The fingerprints of a baseline file (with their counts; at most ``limit`` bytes), or a located problem."""
    name = shown_path(file)
    try:
        data = read_bytes(file, limit)
    except NotReadable as e:
        return None, Diagnostic(Location(name, 0), f"cannot read the baseline: {e}", "baseline")
    try:
        text = normalized(data.decode("utf-8"))  # JSON's own line count is then ours (tallycheck.read.lines)
        doc = json.loads(text)
    except UnicodeDecodeError:
        return None, Diagnostic(Location(name, 0), "the baseline is not valid UTF-8", "baseline")
    except json.JSONDecodeError as e:
        lines = split_lines(text)
        shown = lines[e.lineno - 1] if 0 < e.lineno <= len(lines) else None
        return None, Diagnostic(Location(name, e.lineno, e.colno), f"the baseline is not valid JSON: {e.msg}",
                                "baseline", shown)
    except (RecursionError, ValueError) as e:  # lists nested past the decoder's stack; an integer of 5000 digits
        why = "lists or objects nested too deeply" if isinstance(e, RecursionError) else "a number too long to read"
        return None, Diagnostic(Location(file, 1, 1), f"not a tallycheck baseline: {why}", "baseline")
    if not isinstance(doc, dict) or doc.get("tallycheck_baseline") != VERSION or not isinstance(
        doc.get("conflicts"), list
    ):
        return None, Diagnostic(Location(name, 1, 1), "not a tallycheck baseline (write one with "
                                "`tallycheck check --write-baseline FILE`)", "baseline")
    prints: Counter = Counter()
    for k, entry in enumerate(doc["conflicts"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            return None, Diagnostic(Location(name, 1, 1), f"conflict {k + 1} of the baseline has no fingerprint",
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


def apply_baseline(report: Report, file: str, limit: int) -> tuple[Report, list[str]]:
    """The report with only the conflicts that are not in the baseline ``file`` (those fail),
    and lines for stderr that show the known ones.  A bad baseline is an input error."""
    from dataclasses import replace

    known, problem = read_baseline(file, limit)
    if problem is not None:
        return replace(report, errors=(problem, *report.errors)), []
    parts = split(report, known)  # type: ignore[arg-type]
    notes = [f"baseline {shown_path(file)}: {len(parts.known)} known conflict{'s' if len(parts.known) != 1 else ''} "
             f"(not failing), {len(parts.new)} new"]
    notes += [describe(c) for c in parts.known]
    if parts.gone:
        notes.append(f"  {parts.gone} conflict{'s' if parts.gone != 1 else ''} of the baseline "
                     f"{'are' if parts.gone != 1 else 'is'} no longer found (write the baseline again to drop "
                     f"{'them' if parts.gone != 1 else 'it'})")
    # a part whose search for conflicts stopped early stays undecided (report.unknowns): the
    # conflicts not found may be new, so it fails even when every conflict found is known
    return replace(report, conflicts=parts.new, known_conflicts=len(parts.known)), notes


def write_baseline(report: Report, file: str) -> tuple[list[str], Diagnostic | None]:
    """Write the baseline; returns lines for stderr, or a problem (nothing is written when the
    input has errors, since its conflicts may then be incomplete).  Parts undecided, or whose
    search for conflicts stopped early, may hold conflicts the baseline lacks: the lines say so."""
    if report.errors:
        return [], Diagnostic(Location(shown_path(file), 0),
                                "baseline not written: the input has errors (fix them first)",
                                "baseline")
    text = baseline_json(report)
    try:
        write_file(file, lambda fh: fh.write(text))
    except OSError as e:
        return [], Diagnostic(Location(shown_path(file), 0), f"cannot write the baseline: {e.strerror or e}",
                              "baseline")
    n = len(report.conflicts)
    notes = [f"wrote baseline {shown_path(file)}: {n} conflict{'s' if n != 1 else ''}"]
    for part in report.unknowns:
        if part.stage == "conflicts":
            notes.append(f"  not all recorded: the search for the conflicts of {', '.join(part.quantities)} stopped "
                         f"early ({part.reason}); raise max_conflicts or timeout to record them all")
        elif part.stage == "decision":
            notes.append(f"  not recorded: {', '.join(part.quantities)} undecided ({part.reason}); conflicts there "
                         "are not in the baseline")
    return notes, None
