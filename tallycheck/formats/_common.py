"""Wording shared by the formats that describe a report in words (sarif, junit, github,
markdown, html), so that every format says the same thing the same way.

Pure functions of report records; nothing here escapes text for a particular format.
"""

from __future__ import annotations

from ..numbers.numtext import format_number

from ..diagnostics import Diagnostic
from ..report.records import STAGE_WORDS, ClaimView, Conflict, QuantityRange, Report, Unknown

VERDICT_LABEL = {
    "consistent": "✓ CONSISTENT",
    "contradiction": "✗ CONTRADICTION",
    "unknown": "? UNDECIDED IN PART",
    "error": "! INPUT ERRORS",
}

# Every code a Diagnostic can carry (tallycheck/read/, build/, report/), error or warning, with
# what it means: the rules of the SARIF format, and the help shown next to a problem.
ERROR_CODES: dict[str, str] = {
    "no-input": "A path given on the command line does not exist or holds no input files.",
    "io": "An input file could not be read.",
    "encoding": "An input file is not valid UTF-8.",
    "syntax": "A line of a claims file cannot be read.",
    "indent": "A line is indented where it cannot be (a `source` line is never indented).",
    "no-source": "A claim appears outside any `source`.",
    "tag": "A `{quantity}` tag in a quote cannot be read.",
    "option": "An unknown option or a bad option value.",
    "duplicate-source": "The same source id is declared twice.",
    "name-or-number": "A lone word that spells a number (`five`, `half`) could be the number or a quantity's "
    "name, and both make a valid claim.",
    "unit": "Two different units (currencies) meet on one quantity, or on the two sides of a sum or "
    "comparison; no conversion is assumed.",
    "kind": "A quantity is declared with two different kinds.",
    "claim": "A claim cannot be turned into a constraint (it names no quantity, or a number "
    "is beyond the reader's limits).",
    "unknown-source": "A claim names a source that is not declared.",
    "front-matter": "An annotated article's front matter is missing or names no source.",
    "config": "A config file ([tool:tallycheck] in setup.cfg, [tool.tallycheck] in pyproject.toml, or "
    "--config FILE) cannot be read, or holds a line that is not an option.",
    "baseline": "A baseline file (--baseline FILE) cannot be read or is not a tallycheck baseline.",
    "typo": "A quantity that one claim alone names, with a name close to another quantity's: perhaps misspelt "
    "(a warning; an error under --strict).",
    "skipped": "A folder search skipped a file (a link that leaves the searched folder, a FIFO, a device, a "
    "socket) or a sub-folder it cannot read (a warning).",
    "output": "--output or --write-baseline names a file the run reads (an input, the baseline, a config "
    "file) or the other's file; tallycheck never writes a file it reads.",
}

# Warnings that are suggestions rather than problems: SARIF level `note` (issue 11).
NOTE_CODES = frozenset({"typo"})
WARNING_CODES = frozenset({"skipped"})  # codes of warnings only (severity "warning")

CONTRADICTION_HELP = (
    "A minimal set of claims (with the definitions they rely on) that cannot all hold. "
    "Check the claims' sources: at least one of the figures is wrong, or the claims are not "
    "about the same thing."
)


NOT_MINIMAL = "not proved minimal: a smaller part of it may already conflict (see Undecided)"

#: claims listed by location in one line of an unknown, before "and N more"
SHOWN_CLAIMS = 10


def unknown_line(u: Unknown) -> str:
    """``range not settled for x, y: more than 50 branches … (max_nodes); claims: a.tally:3, a.tally:5``."""
    head = f"{STAGE_WORDS.get(u.stage, u.stage)}: {', '.join(u.quantities)}: {u.reason}"
    return head + (f"; claims: {unknown_claims(u)}" if u.claims else "")


def unknown_claims(u: Unknown) -> str:
    shown = ", ".join(where(c.file, c.line) for c in u.claims[:SHOWN_CLAIMS])
    more = len(u.claims) - SHOWN_CLAIMS
    return shown + (f" and {more} more" if more > 0 else "")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def counts(report: Report) -> str:
    """``1 file · 3 sources · 7 claims``."""
    return (
        f"{plural(len(report.files), 'file')} · {plural(len(report.sources), 'source')} · "
        f"{plural(report.claim_count, 'claim')}"
    )


def verdict_line(report: Report) -> str:
    """``✗ CONTRADICTION  1 conflict`` as the text format ends."""
    out = VERDICT_LABEL[report.verdict]
    if report.conflicts:
        out += f"  {plural(len(report.conflicts), 'conflict')}"
    if report.errors:
        out += f"  {plural(len(report.errors), 'error')}"
    return out


def who(conflict: Conflict) -> str:
    """``between moskalkova and simonyan`` / ``inside mod (internal inconsistency)``."""
    s = conflict.sources
    if not s:
        return "among the definitions"
    if len(s) == 1:
        return f"inside {s[0]} (internal inconsistency)"
    return "between " + ", ".join(s[:-1]) + f" and {s[-1]}"


def headline(conflict: Conflict) -> str:
    """``between moskalkova and simonyan on released.extra`` (``… (not proved minimal)`` when so)."""
    out = who(conflict)
    if conflict.quantities:
        out += " on " + ", ".join(conflict.quantities)
    return out + minimal_mark(conflict)


def minimal_mark(conflict: Conflict) -> str:
    """`` (not proved minimal)`` for a conflict whose minimality check hit a limit, else nothing."""
    return "" if conflict.minimal else " (not proved minimal)"


def versus(conflict: Conflict) -> str:
    """Short: ``moskalkova vs simonyan``, ``mod (internal)``, ``definitions``."""
    s = conflict.sources
    if not s:
        return "definitions"
    if len(s) == 1:
        return f"{s[0]} (internal)"
    return " vs ".join(s)


def located(conflict: Conflict) -> tuple[ClaimView, ...]:
    """Where a conflict is: its claims; for a conflict among definitions alone, those."""
    return conflict.claims or conflict.definitions


def claimant(claim: ClaimView) -> str:
    return claim.source if claim.source is not None else "definition"


def where(file: str, line: int, column: int | None = None) -> str:
    """``file:line:col``; just the file for a problem with the whole file (line 0)."""
    if line <= 0:
        return file
    return f"{file}:{line}" if column is None else f"{file}:{line}:{column}"


def claim_where(claim: ClaimView) -> str:
    return where(claim.file, claim.line, claim.column)


def error_where(d: Diagnostic) -> str:
    return where(d.location.file, d.location.line, d.location.column)


def others(conflict: Conflict, claim: ClaimView) -> list[str]:
    """The sources this claim's conflict sets it against (none besides itself for an internal one)."""
    return [s for s in conflict.sources if s != claim.source]


def against(conflict: Conflict, claim: ClaimView) -> str:
    """``contradicts moskalkova`` / ``contradicts other claims of mod``."""
    rest = others(conflict, claim)
    if rest:
        return "contradicts " + ", ".join(rest)
    if claim.source is not None:
        return f"contradicts other claims of {claim.source}"
    return "contradicts the other definitions"


def implied(q: QuantityRange) -> str:
    """The range a quantity's consistent claims imply, or its status.  A quantity every
    source gave as a percentage is shown in percent (``[51.5%, 52%]``, not ``[0.515, 0.52]``)."""
    if q.status == "consistent":
        if q.range is None:
            return "?"
        if q.claimed and all(v.rstrip().endswith("%") for v, _ in q.claimed):
            return _percent_range(q.range)
        return str(q.range)
    return "contradictory" if q.status == "contradictory" else "unknown"


def _percent_range(r) -> str:
    def pct(x) -> str:
        return format_number(x * 100) + "%"

    if r.exact:
        return pct(r.low)
    lo = "-inf" if r.low is None else pct(r.low)
    hi = "inf" if r.high is None else pct(r.high)
    return f"{'(' if r.low_open else '['}{lo}, {hi}{')' if r.high_open else ']'}"


def claimed(q: QuantityRange) -> str:
    """``5 (simonyan); 0 (moskalkova)``."""
    return "; ".join(f"{v} ({', '.join(w)})" if w else v for v, w in q.claimed)


def source_names(report: Report) -> dict[str, str]:
    return {i: n for i, n in report.sources if n}
