"""``--format github``: GitHub Actions workflow commands, one annotation per line.

- each claim of each conflict: ``::error file=F,line=L,col=C,title=…::message``, the
  message naming the sources it contradicts, the explanation, and the other claims;
- each input error: ``::error file=F,line=L,col=C,title=…::message``
  (a problem with a whole file has no line);
- each warning: ``::warning file=F,line=L,col=C,title=…::message`` (an error under
  ``--strict``, which makes it one of the report's errors);
- each part undecided within the limits: ``::warning title=…::message``.

Nothing else is printed, so stdout can go straight to the runner.  Text from the inputs is
made inert first (:mod:`tallycheck.formats._inert`); then data is escaped as GitHub
requires (``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``), properties also ``:`` → ``%3A``
and ``,`` → ``%2C``: every command is one line, and no input can start another.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..report.records import STAGE_WORDS, ClaimView, Conflict, Report, Unknown
from ._common import NOT_MINIMAL, against, located, claim_where, claimant, minimal_mark, unknown_line, versus, where
from ._inert import visible


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, *, file: str | None = None, line: int = 0, col: int = 0,
            title: str | None = None) -> str:
    """One workflow command; every text in it made inert first (tallycheck.formats._inert)
    and then escaped as the runner reads it, so that it is always one command, on one line,
    that says exactly what it says."""
    props: list[str] = []
    if file is not None:
        props.append(f"file={escape_property(visible(file))}")
        if line > 0:
            props.append(f"line={line}")
            if col > 0:
                props.append(f"col={col}")
    if title:
        props.append(f"title={escape_property(visible(title))}")
    head = f"::{kind}"
    if props:
        head += " " + ",".join(props)
    return f"{head}::{escape_data(visible(message, newlines=True))}"


def _quoted(c: ClaimView) -> str:
    return f"{c.text} “{c.quote}”" if c.quote else c.text


def _claim_annotation(conflict: Conflict, claim: ClaimView) -> str:
    lines = [f"{claimant(claim)} {against(conflict, claim)}: {conflict.explanation}",
             f"this claim: {_quoted(claim)}"]
    if not conflict.minimal:
        lines.append(NOT_MINIMAL)
    for other in located(conflict):
        if other is not claim:
            lines.append(f"against: {claimant(other)} ({claim_where(other)}) {_quoted(other)}")
    for d in conflict.definitions if conflict.claims else ():
        lines.append(f"given the definition {d.text} ({where(d.file, d.line)})")
    title = f"Contradiction on {', '.join(conflict.quantities)} ({versus(conflict)})" if conflict.quantities \
        else f"Contradiction ({versus(conflict)})"
    title += minimal_mark(conflict)
    return command("error", "\n".join(lines), file=claim.file, line=claim.line, col=claim.column, title=title)


def _diagnostic_annotation(d: Diagnostic) -> str:
    """An input error as ``::error``, a warning as ``::warning``."""
    loc = d.location
    return command("error" if d.severity == "error" else "warning", d.message, file=loc.file, line=loc.line,
                   col=loc.column, title=f"tallycheck: {d.code}")


def _unknown_annotation(u: Unknown) -> str:
    first = u.claims[0] if u.claims else None
    where_ = {"file": first.file, "line": first.line, "col": first.column} if first else {}
    return command("warning", unknown_line(u), title=f"tallycheck: {STAGE_WORDS.get(u.stage, u.stage)}", **where_)


def render(report: Report) -> str:
    lines: list[str] = []
    for conflict in report.conflicts:
        lines += [_claim_annotation(conflict, c) for c in located(conflict)]
    lines += [_diagnostic_annotation(d) for d in report.errors]
    lines += [_diagnostic_annotation(d) for d in report.warnings]
    lines += [_unknown_annotation(u) for u in report.unknowns]
    return "".join(line + "\n" for line in lines)
