"""The claims graph of a report, laid out for the html format's picture.

Nodes are the quantities, the relations that hold, the definitions a conflict relies on,
and the conflicts; a relation, definition or conflict is a hyper-node joined to each
quantity it mentions.  The layout is layered, left to right: a quantity stands one layer
further right than the quantities defined in terms of it (``returned`` left of
``returned.swap`` and ``returned.extra``), each relation between its two sides, each
conflict right of its leftmost quantity; within a layer nodes are ordered by the mean
position of their neighbours (two sweeps), ties by name.  Integer pixels and exact
``Fraction`` ordering only: the same report always gives the same picture.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

from ..report.records import ClaimView, Report
from ._common import claimed, implied, versus

MAX_NODES = 240  # beyond this a picture is no help; the html says so instead
MAX_LABEL = 44  # characters shown in a node; the whole text is in its tooltip

CHAR_W = 8  # px per character at the 12px monospace font used for labels (wide: 2×)
PAD_X = 10
LINE_H = 16
PAD_Y = 7
ROW = 58  # vertical pitch of the rows within a layer (a node is at most 46 px high)
GAP = 56  # horizontal space between layers
MARGIN = 16

_REL = re.compile(r" (=|!=|<=|>=|<|>|~|in) ")
_SUM = re.compile(r"sum\(\s*([A-Za-z_][\w.\-]*?)\.\*\s*\)")
_NAME_CHAR = r"[\w.@\-]"
_NAME_RUN = re.compile(rf"{_NAME_CHAR}+")


@dataclass
class Node:
    key: str
    kind: str  # quantity | relation | definition | conflict
    lines: tuple[str, ...]
    tooltip: str
    status: str = ""  # quantity: consistent | contradictory | unknown
    column: int = 0
    order: Fraction = Fraction(0)
    x: int = 0
    y: int = 0
    w: int = 0
    h: int = 0


@dataclass
class Edge:
    a: str
    b: str
    kind: str  # relation | definition | conflict


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = 0
    height: int = 0
    omitted: str | None = None  # why there is no picture

    def node(self, key: str) -> Node:
        return self._index[key]

    def index(self) -> None:
        self._index = {n.key: n for n in self.nodes}


def text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text) * CHAR_W


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Names:
    """The report's quantity names, indexed once so that the names a relation's text mentions
    are found in time linear in the text (a regex per name over each text was quadratic: a
    definition of 50,000 terms took 220 s to draw as html)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.plain = {n for n in names if _NAME_RUN.fullmatch(n)}  # a run of name characters
        self.odd = [n for n in names if n not in self.plain]  # any other: looked for one by one


def mentioned(text: str, names: Names) -> list[str]:
    """The known quantity names a relation's text mentions, in the order they appear."""
    first: dict[str, int] = {}  # name -> where it is first mentioned
    plain = names.plain
    for m in _NAME_RUN.finditer(text):  # a name not next to a name character is a whole run of them
        name = m.group()
        if name in plain and name not in first:
            first[name] = m.start()
    for name in names.odd:
        m = re.search(rf"(?<!{_NAME_CHAR}){re.escape(name)}(?!{_NAME_CHAR})", text)
        if m is not None:
            first[name] = m.start()
    for m in _SUM.finditer(text):  # sum(prefix.*): every quantity directly under prefix
        prefix = m.group(1) + "."
        for name in names.names:
            rest = name[len(prefix):].split("@")[0]
            if name.startswith(prefix) and rest and "." not in rest and (name not in first or m.start() < first[name]):
                first[name] = m.start()
    return [name for name, _ in sorted(first.items(), key=lambda item: (item[1], item[0]))]


def sides(text: str, names: Names) -> tuple[list[str], list[str]]:
    """(left-hand quantities, right-hand quantities) of ``LEFT op RIGHT``."""
    m = _REL.search(text)
    if m is None:
        return mentioned(text, names), []
    left = mentioned(text[: m.start()], names)
    on_left = set(left)
    right = [n for n in mentioned(text[m.end():], names) if n not in on_left]
    return left, right


def _relation_lines(mark: str, text: str) -> tuple[str, ...]:
    """``✓ affected =`` over ``killed + injured + displaced``: narrower than one line."""
    m = _REL.search(text)
    if m is None or len(text) <= 24:
        return (shorten(f"{mark} {text}"),)
    return (shorten(f"{mark} {text[: m.end()].rstrip()}"), shorten(text[m.end():]))


def build(report: Report) -> Graph:
    g = Graph()
    names = [q.name for q in report.quantities]
    known = set(names)
    index = Names(names)
    hyper: list[tuple[Node, list[str], list[str]]] = []
    defining: set[str] = set()  # keys of the nodes that are definitions (they lead the layering)
    seen: set[tuple[str, int, str]] = set()

    def relation(kind: str, claim: ClaimView, text: str, tooltip: str, mark: str) -> None:
        key = (claim.file, claim.line, text)
        if key in seen:
            return
        seen.add(key)
        left, right = sides(text, index)
        if not left and not right:
            return
        node = Node(f"r:{len(hyper)}", kind, _relation_lines(mark, text), tooltip)
        g.nodes.append(node)
        hyper.append((node, left, right))
        if claim.source is None:
            defining.add(node.key)

    for a in report.agreements:
        relation("relation", a.claim, a.relation, f"holds: {a.relation}\n{a.figures}", "✓")
    for c in report.conflicts:
        for d in c.definitions:
            relation("definition", d, d.text, f"definition: {d.text}", "≡")
    for i, c in enumerate(report.conflicts, 1):
        qs = [q for q in c.quantities if q in known]
        node = Node(f"c:{i}", "conflict", (f"✗ conflict {i}", shorten(versus(c))),
                    f"conflict {i}: {c.explanation}")
        g.nodes.append(node)
        hyper.append((node, [], qs))

    count = len(report.quantities) + len(g.nodes)
    if count > MAX_NODES:  # counted before the quantities' nodes are made (200,000 of them: 100 MB)
        return Graph(omitted=f"The graph is not drawn: it would have {count} nodes "
                             f"(at most {MAX_NODES} are drawn).")
    if not count:
        return Graph(omitted="There is nothing to draw: the report has no quantities.")
    quantities = []
    for q in report.quantities:
        # a consistent quantity shows the value its claims imply; another, what was claimed
        shown = implied(q) if q.status == "consistent" or not q.claimed else claimed(q)
        tip = f"{q.name} ({q.kind}): {implied(q)}" + (f"\nclaimed: {claimed(q)}" if q.claimed else "")
        quantities.append(Node(f"q:{q.name}", "quantity", (shorten(q.name), shorten(shown)), tip, status=q.status))
    g.nodes[:0] = quantities  # first: the quantities, then relations and conflicts

    for node, left, right in hyper:
        kind = "conflict" if node.kind == "conflict" else node.kind
        for q in left + right:
            g.edges.append(Edge(node.key, f"q:{q}", kind))

    # layers: a quantity one further right than the quantities defined in terms of it.
    # Definitions first, then the relations sources claim; an edge that would close a cycle
    # (``total = sum(parts)`` and a claimed ``part = 40% of total``) is left out of the
    # layering, so each component keeps as few layers as its definitions give it.
    candidates = [(a, b) for defs_first in (True, False) for node, left, right in hyper
                  if node.kind != "conflict" and (node.key in defining) == defs_first for a in left for b in right]
    after: dict[str, set[str]] = {n: set() for n in names}

    def reaches(start: str, goal: str) -> bool:
        stack, seen_q = [start], {start}
        while stack:
            q = stack.pop()
            if q == goal:
                return True
            for nxt in after[q] - seen_q:
                seen_q.add(nxt)
                stack.append(nxt)
        return False

    for a, b in candidates:
        if a != b and b not in after[a] and not reaches(b, a):
            after[a].add(b)
    depth: dict[str, int] = {}

    def depth_of(q: str) -> int:  # longest path from a source of the (acyclic) layering
        if q not in depth:
            depth[q] = 0
            depth[q] = max((depth_of(p) + 1 for p in names if q in after[p]), default=0)
        return depth[q]

    for q in names:
        depth_of(q)
    for n in g.nodes:
        if n.kind == "quantity":
            n.column = 2 * depth[n.key[2:]]
    for node, left, right in hyper:
        anchor = left or right
        node.column = 2 * min((depth[q] for q in anchor), default=0) + 1

    g.index()
    _order(g)
    _place(g)
    return g


def _order(g: Graph) -> None:
    columns: dict[int, list[Node]] = {}
    for n in g.nodes:  # report order first: quantities by name, then relations, conflicts
        columns.setdefault(n.column, []).append(n)
    neighbours: dict[str, list[str]] = {n.key: [] for n in g.nodes}
    for e in g.edges:
        neighbours[e.a].append(e.b)
        neighbours[e.b].append(e.a)
    for col in columns.values():
        for i, n in enumerate(col):
            n.order = Fraction(i)

    def sweep(cols: list[int], before) -> None:
        for c in cols:
            col = columns[c]
            keyed = []
            for i, n in enumerate(col):
                near = [g.node(k).order for k in neighbours[n.key] if before(g.node(k).column, c)]
                # nodes with no neighbour on that side keep their place among the others
                key = sum(near, Fraction(0)) / len(near) if near else n.order
                keyed.append((key, i, n))
            keyed.sort(key=lambda t: (t[0], t[1]))
            columns[c] = [n for _, _, n in keyed]
            for i, n in enumerate(columns[c]):
                n.order = Fraction(i)

    ordered = sorted(columns)
    sweep(ordered[1:], lambda other, c: other < c)
    sweep(list(reversed(ordered[:-1])), lambda other, c: other > c)
    sweep(ordered[1:], lambda other, c: other < c)
    # the node order within each column is final: sort the node list by it (stable svg)
    g.nodes.sort(key=lambda n: (n.column, n.order))


def _place(g: Graph) -> None:
    for n in g.nodes:
        n.w = max(text_width(t) for t in n.lines) + 2 * PAD_X
        n.h = LINE_H * len(n.lines) + 2 * PAD_Y
    columns = sorted({n.column for n in g.nodes})
    widths = {c: max(n.w for n in g.nodes if n.column == c) for c in columns}
    rows = {c: sum(1 for n in g.nodes if n.column == c) for c in columns}
    most = max(rows.values())
    x = MARGIN
    left: dict[int, int] = {}
    for c in columns:
        left[c] = x
        x += widths[c] + GAP
    g.width = x - GAP + MARGIN
    g.height = 2 * MARGIN + most * ROW
    for c in columns:
        top = MARGIN + (most - rows[c]) * ROW // 2  # each layer centred vertically
        for i, n in enumerate(n for n in g.nodes if n.column == c):
            n.x = left[c] + (widths[c] - n.w) // 2
            n.y = top + i * ROW + (ROW - n.h) // 2
