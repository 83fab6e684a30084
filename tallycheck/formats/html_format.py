"""``--format html``: one self-contained page for a fact-checker to read and share.

The verdict; input errors; warnings; each conflict with who disagrees with whom, the explanation,
and each claim with its source, location and quote; the relations that hold with their
figures; undecided parts; a picture of the claims graph (inline SVG, see
:mod:`tallycheck.formats._graph`); the quantities; the sources.

Self-contained: inline CSS and SVG, no script, no font, image or request of any kind (a
Content-Security-Policy says so to the browser too).  Every text from the inputs is made
inert (control and bidirectional characters written visibly) and escaped with
:func:`html.escape`, so a quote containing ``<script>`` shows as text; nothing from the
inputs becomes an element or an attribute, so no link either.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from itertools import chain, islice

from ..diagnostics import Diagnostic
from ..report.records import STAGE_WORDS, ClaimView, Conflict, Report
from . import _graph
from ._inert import visible
from ._common import (
    VERDICT_LABEL,
    claim_where,
    claimant,
    claimed,
    counts,
    error_where,
    headline,
    implied,
    plural,
    source_names,
    unknown_claims,
    where,
)

CSS = """
:root { --red: #b3261e; --red-bg: #fdecea; --green: #1e6e35; --green-bg: #e7f4ea;
  --amber: #8a6100; --amber-bg: #fff4d6; --ink: #1d1d1f; --dim: #5f6368; --line: #d9d9de; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: #fafafa; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 0 0 .4rem; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88em; }
.meta { color: var(--dim); margin: 0 0 1rem; }
.verdict { display: inline-block; font-weight: 700; font-size: 1.15rem; padding: .45rem .9rem;
  border-radius: .4rem; border: 2px solid; }
.v-consistent { color: var(--green); background: var(--green-bg); }
.v-contradiction, .v-error { color: var(--red); background: var(--red-bg); }
.v-unknown { color: var(--amber); background: var(--amber-bg); }
.card { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .9rem 1rem;
  margin: 0 0 1rem; }
.card > :first-child { margin-top: 0; }
.card > :last-child { margin-bottom: 0; }
.conflict { border-left: 5px solid var(--red); }
.warning { border-left: 5px solid var(--amber); }
.explanation { color: var(--red); font-weight: 600; margin: .2rem 0 .6rem; }
ul.claims { list-style: none; margin: 0; padding: 0; }
ul.claims li { margin: 0 0 .6rem; }
.source { font-weight: 700; }
.source-name { color: var(--dim); }
.loc { color: var(--dim); white-space: nowrap; }
blockquote { margin: .2rem 0 0 1.2rem; padding: 0 .6rem; border-left: 3px solid var(--line);
  font-style: italic; white-space: pre-wrap; }
.defs { color: var(--dim); margin: .4rem 0 0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid var(--line); }
th { background: #f0f0f3; }
td.ok { color: var(--green); }
td.bad { color: var(--red); font-weight: 700; }
td.unknown { color: var(--amber); font-weight: 700; }
pre.line { margin: .3rem 0 0; padding: .3rem .5rem; background: #f4f4f6; border-radius: .3rem;
  overflow-x: auto; }
.graph { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .5rem; }
.graph svg { display: block; }
@media print { .graph { overflow: visible; } .graph svg { max-width: 100% !important; height: auto; } }
.legend { color: var(--dim); font-size: .9rem; }
.swatch { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em; border: 2px solid;
  border-radius: .2em; margin: 0 .25em 0 .9em; }
footer { color: var(--dim); font-size: .85rem; margin-top: 2.5rem; }
"""

# colours of the graph (the svg is styled by attributes: it also reads well on its own)
NODE_STYLE = {
    ("quantity", "consistent"): ("#ffffff", "#5f6368", "#1d1d1f", ""),
    ("quantity", "contradictory"): ("#fdecea", "#b3261e", "#b3261e", ""),
    ("quantity", "unknown"): ("#fff4d6", "#8a6100", "#8a6100", ""),
    ("relation", ""): ("#e7f4ea", "#1e6e35", "#1e6e35", ""),
    ("definition", ""): ("#f4f4f6", "#b3261e", "#1d1d1f", "5 3"),
    ("conflict", ""): ("#b3261e", "#b3261e", "#ffffff", ""),
}
EDGE_STYLE = {
    "relation": ("#1e6e35", 1, ""),
    "definition": ("#5f6368", 1, "5 3"),
    "conflict": ("#b3261e", 2, "6 3"),
}


def e(text: object) -> str:
    """Text as HTML that shows exactly it: inert first (tallycheck.formats._inert), then escaped."""
    return escape(visible(str(text), newlines=True), quote=True)


def render(report: Report) -> str:
    return "".join(chunks(report))


def chunks(report: Report) -> Iterator[str]:
    """:func:`render` 1,000 lines at a time (a line a quantity: 200,000 of them held whole,
    and joined, took 30 MB over and over)."""
    title = report.title or "tallycheck report"
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="tallycheck">',
        f"<title>{e(VERDICT_LABEL[report.verdict])} · {e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    foot = ['<footer>Checked by tallycheck: every number read as an exact interval, every claim an exact '
            'linear constraint; each contradiction is a minimal set of claims.</footer>',
            "</main>", "</body>", "</html>"]
    lines = chain(head, _header(report, title), _errors(report), _warnings(report), _conflicts(report),
                  _agreements(report), _unknowns(report), _graph_section(report), _quantities(report),
                  _sources(report), foot)
    while batch := list(islice(lines, 1000)):  # each line and its line end
        yield "\n".join(batch) + "\n"


def _header(report: Report, title: str) -> list[str]:
    verdict = VERDICT_LABEL[report.verdict]
    extra = []
    if report.conflicts:
        extra.append(plural(len(report.conflicts), "conflict"))
    if report.errors:
        extra.append(plural(len(report.errors), "input error"))
    if report.warnings:
        extra.append(plural(len(report.warnings), "warning"))
    label = " · ".join([verdict] + extra)
    files = ", ".join(report.files)
    out = [
        "<header>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(counts(report))}{" — " + e(files) if files else ""}</p>',
        f'<p class="verdict v-{e(report.verdict)}" id="verdict">{e(label)}</p>',
    ]
    if report.claim_count == 0 and not report.errors:
        out.append('<p class="meta">No claims: nothing to check.</p>')
    out.append("</header>")
    return out


def _errors(report: Report) -> list[str]:
    return _diagnostics("errors", "Input errors", "conflict", report.errors)


def _warnings(report: Report) -> list[str]:
    return _diagnostics("warnings", "Warnings", "warning", report.warnings)


def _diagnostics(ident: str, heading: str, cls: str, found: tuple[Diagnostic, ...]) -> list[str]:
    if not found:
        return []
    out = [f'<section id="{ident}">', f"<h2>{heading} ({len(found)})</h2>"]
    for d in found:
        out.append(f'<div class="card {cls}">')
        out.append(f'<p><code class="loc">{e(error_where(d))}</code> <code>{e(d.code)}</code> {e(d.message)}</p>')
        shown = d.context()  # the line, or the part of it around the column
        if shown is not None:
            out.append(f'<pre class="line">{e(shown.marked)}</pre>')
        out.append("</div>")
    out.append("</section>")
    return out


def _claim_item(c: ClaimView, names: dict[str, str]) -> str:
    who = f'<span class="source">{e(claimant(c))}</span>'
    if c.source is not None and c.source in names:
        who += f' <span class="source-name">({e(names[c.source])})</span>'
    item = f'<li>{who} <code class="loc">{e(claim_where(c))}</code> <code>{e(c.text)}</code>'
    if c.quote:
        item += f"<blockquote>“{e(c.quote)}”</blockquote>"
    return item + "</li>"


def _conflict_card(i: int, conflict: Conflict, names: dict[str, str]) -> list[str]:
    out = [
        f'<article class="card conflict" id="conflict-{i}">',
        f"<h3>{i}. {e(headline(conflict))}</h3>",
        f'<p class="explanation">{e(conflict.explanation)}</p>',
        '<ul class="claims">',
    ]
    if conflict.claims:
        out += [_claim_item(c, names) for c in conflict.claims]
    else:
        out += [_claim_item(d, names) for d in conflict.definitions]
    out.append("</ul>")
    if conflict.claims:
        for d in conflict.definitions:
            out.append(f'<p class="defs">given the definition <code>{e(d.text)}</code> '
                       f'<code class="loc">({e(where(d.file, d.line))})</code></p>')
    out.append("</article>")
    return out


def _conflicts(report: Report) -> list[str]:
    if not report.conflicts:
        return []
    names = source_names(report)
    out = ['<section id="conflicts">', f"<h2>Contradictions ({len(report.conflicts)})</h2>"]
    for i, c in enumerate(report.conflicts, 1):
        out += _conflict_card(i, c, names)
    out.append("</section>")
    return out


def _agreements(report: Report) -> list[str]:
    if not report.agreements:
        return []
    out = ['<section id="relations">', f"<h2>Relations that hold ({len(report.agreements)})</h2>",
           "<table>", "<thead><tr><th>relation</th><th>figures</th><th>stated by</th></tr></thead>", "<tbody>"]
    for a in report.agreements:
        out.append(
            f'<tr><td class="ok">✓ <code>{e(a.relation)}</code></td><td>{e(a.figures)}</td>'
            f'<td>{e(a.claim.source or "definition")} <code class="loc">{e(where(a.claim.file, a.claim.line))}</code>'
            "</td></tr>"
        )
    out += ["</tbody>", "</table>", "</section>"]
    return out


def _unknowns(report: Report) -> list[str]:
    if not report.unknowns:
        return []
    out = ['<section id="undecided">', f"<h2>Undecided ({len(report.unknowns)})</h2>", "<ul>"]
    for u in report.unknowns:
        claims = f' <code class="loc">{e(unknown_claims(u))}</code>' if u.claims else ""
        out.append(f"<li>{e(STAGE_WORDS.get(u.stage, u.stage))}: <code>{e(', '.join(u.quantities))}</code>: "
                   f"{e(u.reason)}{claims}</li>")
    out += ["</ul>", "</section>"]
    return out


def _quantities(report: Report) -> Iterator[str]:
    """The table of quantities, a line at a time (a line a quantity)."""
    if not report.quantities:
        return
    yield from ['<section id="quantities">', f"<h2>Quantities ({len(report.quantities)})</h2>", "<table>",
                "<thead><tr><th>quantity</th><th>kind</th><th>implied</th><th>claimed</th></tr></thead>", "<tbody>"]
    for q in report.quantities:
        cls = {"consistent": "", "contradictory": "bad", "unknown": "unknown"}.get(q.status, "")
        cell = f'<td class="{cls}">' if cls else "<td>"
        yield (f"<tr><td><code>{e(q.name)}</code></td><td>{e(q.kind)}</td>{cell}{e(implied(q))}</td>"
               f"<td>{e(claimed(q))}</td></tr>")
    yield from ["</tbody>", "</table>", "</section>"]


def _sources(report: Report) -> list[str]:
    if not report.sources:
        return []
    out = ['<section id="sources">', f"<h2>Sources ({len(report.sources)})</h2>", "<table>",
           "<thead><tr><th>id</th><th>name</th></tr></thead>", "<tbody>"]
    for i, n in report.sources:
        out.append(f"<tr><td><code>{e(i)}</code></td><td>{e(n or '')}</td></tr>")
    out += ["</tbody>", "</table>", "</section>"]
    return out


# --- the claims graph -------------------------------------------------------------------

def _graph_section(report: Report) -> list[str]:
    g = _graph.build(report)
    out = ['<section id="graph">', "<h2>Claims graph</h2>"]
    if g.omitted:
        return out + [f'<p class="meta">{e(g.omitted)}</p>', "</section>"]
    out += ['<div class="graph">'] + svg(g) + ["</div>"]
    out.append(
        '<p class="legend">'
        '<span class="swatch" style="border-color:#5f6368;background:#fff"></span>quantity (implied value)'
        '<span class="swatch" style="border-color:#b3261e;background:#fdecea"></span>contradictory quantity'
        '<span class="swatch" style="border-color:#1e6e35;background:#e7f4ea"></span>relation that holds'
        '<span class="swatch" style="border-color:#b3261e;background:#f4f4f6;border-style:dashed"></span>'
        "definition a conflict relies on"
        '<span class="swatch" style="border-color:#b3261e;background:#b3261e"></span>conflict'
        "</p>"
    )
    out.append("</section>")
    return out


def svg(g: _graph.Graph) -> list[str]:
    """The laid-out graph as inline SVG (integer coordinates)."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{g.width}" height="{g.height}" '
        # natural size, never shrunk to fit (12px labels stay legible): the box scrolls
        f'style="max-width:none" '
        f'viewBox="0 0 {g.width} {g.height}" role="img" aria-labelledby="graph-title" '
        'font-family="ui-monospace, DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">',
        '<title id="graph-title">Claims graph: quantities, the relations between them, and the conflicts</title>',
    ]
    by_key = {n.key: n for n in g.nodes}
    for edge in g.edges:
        a, b = by_key[edge.a], by_key[edge.b]
        left, right = (a, b) if a.column < b.column else (b, a)
        x1, y1 = left.x + left.w, left.y + left.h // 2
        x2, y2 = right.x, right.y + right.h // 2
        mid = (x1 + x2) // 2
        colour, width, dash = EDGE_STYLE[edge.kind]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<path class="edge edge-{edge.kind}" d="M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}" '
                   f'fill="none" stroke="{colour}" stroke-width="{width}"{dashed}/>')
    for n in g.nodes:
        fill, stroke, ink, dash = NODE_STYLE[(n.kind, n.status if n.kind == "quantity" else "")]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        width = 2 if n.kind != "quantity" or n.status != "consistent" else 1
        rx = 12 if n.kind in ("relation", "definition") else 5
        cls = f"node node-{n.kind}" + (f" {n.status}" if n.status else "")
        out.append(f'<g class="{cls}">')
        out.append(f"<title>{e(n.tooltip)}</title>")
        out.append(f'<rect x="{n.x}" y="{n.y}" width="{n.w}" height="{n.h}" rx="{rx}" fill="{fill}" '
                   f'stroke="{stroke}" stroke-width="{width}"{dashed}/>')
        for i, line in enumerate(n.lines):
            y = n.y + _graph.PAD_Y + _graph.LINE_H * i + 12
            weight = ' font-weight="bold"' if i == 0 and n.kind in ("quantity", "conflict") else ""
            out.append(f'<text x="{n.x + n.w // 2}" y="{y}" text-anchor="middle" fill="{ink}"{weight}>'
                       f"{e(line)}</text>")
        out.append("</g>")
    out.append("</svg>")
    return out
