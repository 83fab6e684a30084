"""``--format markdown``: a summary for a pull-request comment (GitHub-flavoured markdown).

The verdict, then tables: contradictions (who, quantities, explanation, claims with their
locations and quotes), input errors, warnings, relations that hold, undecided parts, and
the quantities (folded in a ``<details>`` block, which can be long).

All text that comes from the inputs is inert (tallycheck.formats._inert: control and
bidirectional characters written visibly) and shown as exactly that text, never as
markup, a link, a mention or an image:

- names, claims and paths are code spans (GitHub links and mentions nothing in code);
- prose (titles, source names, quotes, explanations, messages) is escaped: markdown's
  active characters get a backslash, ``|`` cannot end a table cell, a line break inside
  a cell becomes ``<br>``; and what GitHub turns into a link or a notification *after*
  reading the markdown -- ``@user``, ``#123``, ``GH-123``, ``http://…``, ``www.…``,
  ``a@b.org``, ``:emoji:`` -- gets a zero-width space (``&#8203;``) that breaks it.
"""

from __future__ import annotations

import re

from ..report.records import STAGE_WORDS, ClaimView, Conflict, Report, Unknown
from ._common import (
    VERDICT_LABEL,
    claim_where,
    claimant,
    claimed,
    counts,
    error_where,
    implied,
    minimal_mark,
    plural,
    unknown_claims,
    versus,
    where,
)
from ._inert import visible

# backslash-escaped: emphasis, code, links, html, tables, strikethrough, headings' closing
# '#', math ('$'), entities ('&')
_ACTIVE = re.compile(r"([\\`*_\[\]<>|~&#$!])")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# what GitHub links after markdown is read (on the escaped text: `#` is `\#` by then):
# mentions and e-mail addresses, issues, URLs, emoji; a zero-width space goes after the
# first character (`@`, `#`, `-`, `:`, `www`)
_LINKED = re.compile(r"(@)(?=\w)|(\\#)(?=\d)|(\bGH-)(?=\d)|(:)(?=//)|(\bwww)(?=\.)|(:)(?=[\w+-]+:)", re.I)
_BREAK = "&#8203;"


def md(text: str) -> str:
    """Plain text as markdown that renders as exactly that text (inline, one line), with
    nothing that GitHub would link (zero-width spaces aside)."""
    text = _ACTIVE.sub(r"\\\1", visible(text, newlines=True))
    text = _LINKED.sub(lambda m: m.group() + _BREAK, text)
    return _NEWLINE.sub("<br>", text)


def code(text: str) -> str:
    """A code span for ``text`` (paths, claims), safe inside a table cell."""
    text = visible(text)
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


def _unknown_row(u: Unknown) -> list[str]:
    return [", ".join(code(q) for q in u.quantities), md(STAGE_WORDS.get(u.stage, u.stage)), md(u.reason),
            code(unknown_claims(u)) if u.claims else ""]


def _conflict_row(i: int, conflict: Conflict) -> list[str]:
    parts = [_claim_cell(c) for c in conflict.claims]
    if conflict.claims:
        parts += [f"given the definition {code(d.text)} ({code(where(d.file, d.line))})" for d in conflict.definitions]
    else:  # among the definitions alone
        parts += [f"definition {code(d.text)} ({code(where(d.file, d.line))})" for d in conflict.definitions]
    return [
        str(i),
        md(versus(conflict) + minimal_mark(conflict)),
        ", ".join(code(q) for q in conflict.quantities),
        md(conflict.explanation),
        "<br>".join(parts),
    ]


# GitHub refuses a comment longer than 65,536 characters; keep room for a wrapper's text.
LIMIT = 60_000
_TABLES = ("sources", "quantities", "agreements", "unknowns", "warnings", "errors", "conflicts")  # cut in this order


def render(report: Report) -> str:
    """The whole summary when it fits in a pull-request comment; otherwise the longest
    tables are cut (quantities first, conflicts last) and say how many rows are left out."""
    caps: dict[str, int | None] = dict.fromkeys(_TABLES)
    cache = _Rows()
    text = _render(report, caps, cache)
    if len(text) <= LIMIT:
        return text
    for table in _TABLES:
        rows = {"sources": report.sources, "quantities": report.quantities, "agreements": report.agreements,
                "unknowns": report.unknowns, "warnings": report.warnings, "errors": report.errors,
                "conflicts": report.conflicts}[table]
        cap = len(rows)
        while len(text) > LIMIT and cap > 0:
            cap = cap // 2 if cap > 1 else 0
            caps[table] = cap
            text = _render(report, caps, cache)
        if len(text) <= LIMIT:
            break
    return text


class _Rows(dict):
    """Rows of each table, built once per render however many times the text is cut."""

    def get_rows(self, table: str, build) -> list:
        if table not in self:
            self[table] = build()
        return self[table]


def _cut(rows: list, cap: int | None) -> tuple[list, list[str]]:
    """The rows to show, and the note that says how many are left out."""
    if cap is None or len(rows) <= cap:
        return rows, []
    return rows[:cap], [
        "",
        f"*… and {len(rows) - cap} more not shown here: a pull-request comment cannot hold them all. "
        "`tallycheck check --format html` writes the whole report.*",
    ]


def _render(report: Report, caps: dict[str, int | None], cache: _Rows | None = None) -> str:
    cache = _Rows() if cache is None else cache
    verdict = report.verdict
    out: list[str] = []
    heading = f"## tallycheck: {md(VERDICT_LABEL[verdict])}"
    if report.title:
        heading += f" — {md(report.title)}"
    out += [heading, ""]
    summary = [f"**{md(VERDICT_LABEL[verdict])}**"]
    if report.conflicts:
        summary.append(plural(len(report.conflicts), "conflict"))
    if report.known_conflicts:
        summary.append(f"{plural(report.known_conflicts, 'known conflict')} (baseline)")
    if report.errors:
        summary.append(plural(len(report.errors), "input error"))
    if report.warnings:
        summary.append(plural(len(report.warnings), "warning"))
    summary.append(counts(report))
    out += [" · ".join(summary), ""]

    if report.claim_count == 0 and not report.errors:
        out += ["No claims: nothing to check.", ""]

    if report.conflicts:
        out += [f"### Contradictions ({len(report.conflicts)})", ""]
        rows, note = _cut(cache.get_rows("conflicts", lambda: [_conflict_row(i, c) for i, c in enumerate(report.conflicts, 1)]),
                          caps["conflicts"])
        out += _table(["#", "sources", "quantities", "explanation", "claims"], rows, ["--:", "---", "---", "---", "---"])
        out += note + [""]

    if report.errors:
        out += [f"### Input errors ({len(report.errors)})", ""]
        rows, note = _cut(cache.get_rows("errors", lambda: [[code(error_where(d)), md(d.message), code(d.code)]
                                                            for d in report.errors]), caps["errors"])
        out += _table(["location", "problem", "code"], rows)
        out += note + [""]

    if report.warnings:
        out += [f"### Warnings ({len(report.warnings)})", ""]
        rows, note = _cut(cache.get_rows("warnings", lambda: [[code(error_where(d)), md(d.message), code(d.code)]
                                                              for d in report.warnings]), caps["warnings"])
        out += _table(["location", "warning", "code"], rows)
        out += note + [""]

    if report.agreements:
        out += [f"### Relations that hold ({len(report.agreements)})", ""]
        rows, note = _cut(
            cache.get_rows("agreements", lambda: [
                [f"✓ {code(a.relation)}", md(a.figures),
                 f"{md(a.claim.source or 'definition')} {code(where(a.claim.file, a.claim.line))}"]
                for a in report.agreements
            ]),
            caps["agreements"],
        )
        out += _table(["relation", "figures", "stated by"], rows)
        out += note + [""]

    if report.unknowns:
        out += [f"### Undecided ({len(report.unknowns)})", ""]
        rows, note = _cut(cache.get_rows("unknowns", lambda: [_unknown_row(u) for u in report.unknowns]), caps["unknowns"])
        out += _table(["quantities", "what", "why", "claims"], rows)
        out += note + [""]

    if report.quantities:
        out += ["<details>", f"<summary>Quantities ({len(report.quantities)})</summary>", ""]
        rows, note = _cut(
            cache.get_rows("quantities", lambda: [
                [code(q.name), q.kind, f"**{implied(q)}**" if q.status != "consistent" else md(implied(q)),
                 md(claimed(q))]
                for q in report.quantities
            ]),
            caps["quantities"],
        )
        out += _table(["quantity", "kind", "implied", "claimed"], rows)
        out += note + ["", "</details>", ""]

    if report.sources:
        cap = caps["sources"]
        shown = report.sources if cap is None else report.sources[:cap]
        names = " · ".join(f"{code(i)} ({md(n)})" if n else code(i) for i, n in shown)
        more = len(report.sources) - len(shown)
        if more:
            names += f"{' · ' if shown else ''}… and {more} more"
        out += [f"Sources: {names}", ""]

    return "\n".join(out).rstrip("\n") + "\n"
