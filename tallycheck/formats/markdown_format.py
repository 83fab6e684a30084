"""``--format markdown``: a summary for a pull-request comment (GitHub-flavoured markdown).

The verdict, then tables: contradictions (who, quantities, explanation, claims with their
locations and quotes), input errors, relations that hold, undecided parts, and the
quantities (folded in a ``<details>`` block, which can be long).

All text that comes from the inputs (titles, names, claims, quotes, paths, messages) is
escaped: markdown's active characters get a backslash, ``|`` cannot end a table cell,
and a line break inside a cell becomes ``<br>``.
"""

from __future__ import annotations

import re

from ..report import ClaimView, Conflict, Report
from ._common import VERDICT_LABEL, claim_where, claimant, claimed, counts, error_where, implied, plural, versus, where

# backslash-escaped: emphasis, code, links, html, tables, strikethrough, headings' closing
# '#', math ('$'), entities ('&')
_ACTIVE = re.compile(r"([\\`*_\[\]<>|~&#$!])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def md(text: str) -> str:
    """Plain text as markdown that renders as exactly that text (inline, one line)."""
    return _NEWLINE.sub("<br>", _ACTIVE.sub(r"\\\1", text))


def code(text: str) -> str:
    """A code span for ``text`` (paths, claims), safe inside a table cell."""
    text = _NEWLINE.sub(" ", text)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return fence + pad + text.replace("|", "\\|") + pad + fence


def _table(head: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["---"] * len(head)
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(cell if cell else " " for cell in row) + " |" for row in rows]
    return out


def _claim_cell(c: ClaimView) -> str:
    out = f"**{md(claimant(c))}** {code(claim_where(c))} {code(c.text)}"
    if c.quote:
        out += f" — *“{md(c.quote)}”*"
    return out


def _conflict_row(i: int, conflict: Conflict) -> list[str]:
    parts = [_claim_cell(c) for c in conflict.claims]
    if conflict.claims:
        parts += [f"given the definition {code(d.text)} ({code(where(d.file, d.line))})" for d in conflict.definitions]
    else:  # among the definitions alone
        parts += [f"definition {code(d.text)} ({code(where(d.file, d.line))})" for d in conflict.definitions]
    return [
        str(i),
        md(versus(conflict)),
        ", ".join(code(q) for q in conflict.quantities),
        md(conflict.explanation),
        "<br>".join(parts),
    ]


def render(report: Report) -> str:
    verdict = report.verdict
    out: list[str] = []
    heading = f"## tallycheck: {md(VERDICT_LABEL[verdict])}"
    if report.title:
        heading += f" — {md(report.title)}"
    out += [heading, ""]
    summary = [f"**{md(VERDICT_LABEL[verdict])}**"]
    if report.conflicts:
        summary.append(plural(len(report.conflicts), "conflict"))
    if report.errors:
        summary.append(plural(len(report.errors), "input error"))
    summary.append(counts(report))
    out += [" · ".join(summary), ""]

    if report.claim_count == 0 and not report.errors:
        out += ["No claims: nothing to check.", ""]

    if report.conflicts:
        out += [f"### Contradictions ({len(report.conflicts)})", ""]
        out += _table(["#", "sources", "quantities", "explanation", "claims"],
                      [_conflict_row(i, c) for i, c in enumerate(report.conflicts, 1)],
                      ["--:", "---", "---", "---", "---"])
        out.append("")

    if report.errors:
        out += [f"### Input errors ({len(report.errors)})", ""]
        out += _table(["location", "problem", "code"],
                      [[code(error_where(d)), md(d.message), code(d.code)] for d in report.errors])
        out.append("")

    if report.agreements:
        out += [f"### Relations that hold ({len(report.agreements)})", ""]
        out += _table(
            ["relation", "figures", "stated by"],
            [
                [f"✓ {code(a.relation)}", md(a.figures),
                 f"{md(a.claim.source or 'definition')} {code(where(a.claim.file, a.claim.line))}"]
                for a in report.agreements
            ],
        )
        out.append("")

    if report.unknowns:
        out += [f"### Undecided ({len(report.unknowns)})", ""]
        out += _table(["quantities", "why"],
                      [[", ".join(code(q) for q in u.quantities), md(u.reason)] for u in report.unknowns])
        out.append("")

    if report.quantities:
        out += ["<details>", f"<summary>Quantities ({len(report.quantities)})</summary>", ""]
        out += _table(
            ["quantity", "kind", "implied", "claimed"],
            [
                [code(q.name), q.kind, f"**{implied(q)}**" if q.status != "consistent" else md(implied(q)),
                 md(claimed(q))]
                for q in report.quantities
            ],
        )
        out += ["", "</details>", ""]

    if report.sources:
        names = " · ".join(f"{code(i)} ({md(n)})" if n else code(i) for i, n in report.sources)
        out += [f"Sources: {names}", ""]

    return "\n".join(out).rstrip("\n") + "\n"
