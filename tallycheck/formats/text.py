"""``--format text``: the terminal report a fact-checker reads (rendered with rich).

Every text of the report is made inert before rich sees it (tallycheck.formats._inert:
control and bidirectional characters, line breaks included, written visibly), so no input
can move the cursor, clear the screen, make a link or fake a line of the report."""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import islice

from rich.console import Console
from rich.text import Span, Text

from ..report.records import ClaimView, Report
from ._common import NOT_MINIMAL, unknown_line
from ._common import implied as implied_text
from ._inert import inert_record, visible
from ._table import lay_out

VERDICT_STYLE = {
    "consistent": ("✓ CONSISTENT", "bold green"),
    "contradiction": ("✗ CONTRADICTION", "bold red"),
    "unknown": ("? UNDECIDED IN PART", "bold yellow"),
    "error": ("! INPUT ERRORS", "bold red"),
}


def render(report: Report, *, color: bool = False, width: int = 100) -> str:
    return "".join(chunks(report, color=color, width=width))


def chunks(report: Report, *, color: bool = False, width: int = 100) -> Iterator[str]:
    """:func:`render`, piece by piece: each section, and the table of quantities in pieces of
    1,000 rows, is written as soon as rich has laid it out (held whole, the 68 MB report of
    200,000 quantities took twice its size in memory)."""
    out = io.StringIO()
    con = Console(
        file=out,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,  # never break a diagnostic or a quote in the middle
    )
    for _ in _body(con, inert_record(report)):
        piece = out.getvalue()
        out.seek(0)
        out.truncate()
        yield piece


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _claim_lines(con: Console, c: ClaimView) -> None:
    line = Text("  • ")
    line.append(c.source or "definition", style="bold")
    line.append(f"  {c.file}:{c.line}:{c.column}  ", style="dim")
    line.append(c.text)
    con.print(line)
    if c.quote:
        con.print(Text(f'      “{c.quote}”', style="italic"))


def _body(con: Console, report: Report) -> Iterator[None]:
    """Print the report on ``con``, section by section: a pause (``yield``) after each."""
    head = Text("tallycheck", style="bold")
    if report.title:
        head.append(f" · {report.title}")
    con.print(head)
    con.print(
        Text(
            f"{_plural(len(report.files), 'file')} · {_plural(len(report.sources), 'source')} · "
            f"{_plural(report.claim_count, 'claim')}",
            style="dim",
        )
    )
    con.print()
    yield

    if report.errors:
        con.print(Text(f"Input errors ({len(report.errors)})", style="bold red"))
        for d in report.errors:
            con.print(Text(d.render(visible)))
        con.print()
        yield

    if report.warnings:
        con.print(Text(f"Warnings ({len(report.warnings)})", style="bold yellow"))
        for d in report.warnings:
            con.print(Text(d.render(visible)))
        con.print()
        yield

    if report.claim_count == 0 and not report.errors:
        con.print(Text("no claims: nothing to check", style="yellow"))
        con.print()
        yield

    if report.conflicts:
        con.print(Text(f"Contradictions ({len(report.conflicts)})", style="bold red"))
        for i, c in enumerate(report.conflicts, 1):
            who = (
                f"inside {c.sources[0]} (internal inconsistency)"
                if c.internal
                else "between " + ", ".join(c.sources[:-1]) + f" and {c.sources[-1]}"
                if c.sources
                else "among the definitions"
            )
            title = Text(f"{i}. ", style="bold")
            title.append(f"{who}", style="bold")
            title.append(f" on {', '.join(c.quantities)}")
            if not c.minimal:
                title.append(f" — {NOT_MINIMAL}", style="yellow")
            con.print(title)
            con.print(Text(f"   {c.explanation}", style="red"))
            for claim in c.claims:
                _claim_lines(con, claim)
            for d in c.definitions:
                con.print(Text(f"    given the definition {d.text}  ({d.file}:{d.line})", style="dim"))
        con.print()
        yield

    if report.agreements:
        con.print(Text("Relations that hold", style="bold green"))
        for a in report.agreements:
            line = Text("  ✓ ", style="green")
            line.append(a.relation, style="bold")
            con.print(line)
            con.print(Text(f"      {a.figures}"))
        con.print()
        yield

    if report.unknowns:
        con.print(Text("Undecided", style="bold yellow"))
        for u in report.unknowns:
            con.print(Text(f"  ? {unknown_line(u)}"))
        con.print()
        yield

    if report.quantities:
        con.print(Text("Quantities", style="bold"))
        for rows in _quantities(report, con.width):
            con.print(rows)
            yield
        con.print()

    style, colour = VERDICT_STYLE[report.verdict]
    verdict = Text(style, style=colour)
    if report.conflicts:
        verdict.append(f"  {_plural(len(report.conflicts), 'conflict')}")
    if report.warnings:
        verdict.append(f"  ({_plural(len(report.warnings), 'warning')})", style="yellow")
    if report.known_conflicts:
        verdict.append(f"  (and {_plural(report.known_conflicts, 'known conflict')} from the baseline, "
                       "listed on stderr)", style="yellow")
    con.print(verdict)
    yield


def _quantities(report: Report, page: int, rows_a_piece: int = 1000) -> Iterator[Text]:
    """The table of quantities as rich would lay out its ``Table`` (``_table.py``: rich's own
    took 22 s for 50,000 rows), in pieces of ``rows_a_piece`` rows, one Text each."""
    pins = any(q.pinned_by for q in report.quantities)
    rows = [["quantity", "kind", "implied", "claimed"] + (["pinned by"] if pins else [])]
    styles = ["bold"]
    last_pins: tuple | None = None
    shown = ""
    for q in report.quantities:
        if q.status == "consistent":
            implied, style = implied_text(q), None
        elif q.status == "contradictory":
            implied, style = "contradictory", "red"
        else:
            implied, style = "unknown", "yellow"
        styles.append(style)
        claimed = "; ".join(f"{v} ({', '.join(w)})" if w else v for v, w in q.claimed)
        row = [q.name, q.kind, implied, claimed]
        if pins:
            if q.pinned_by != last_pins:  # the same pins as the row before (a definition's parts): one text
                last_pins, shown = q.pinned_by, "; ".join(t if e == "both" else f"{e}: {t}" for e, t in q.pinned_by)
            row.append(shown)
        rows.append(row)
    laid_out = zip(lay_out(rows, page), styles)
    while piece := list(islice(laid_out, rows_a_piece)):
        parts: list[str] = []
        spans: list[Span] = []
        at = 0
        for lines, style in piece:
            for line in lines:
                for column, (before, text, after) in enumerate(line):
                    if style == "bold":  # the header, with its padding
                        spans.append(Span(at, at + len(before + text + after), style))
                    elif style and column == 2:
                        spans.append(Span(at + len(before), at + len(before + text), style))
                    parts += (before, text, after)
                    at += len(before + text + after)
                parts.append("\n")
                at += 1
        yield Text("".join(parts[:-1]), spans=spans)
