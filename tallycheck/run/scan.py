"""The cheap scan of a big input: which lines must be checked together (step 1 of the plan).

Before anything is read, each input is scanned for what ties its lines to others: the
quantity names a line mentions, the ``sum(prefix.*)`` it uses, the source it is under or
names, the declarations of its names.  Lines that mention the same name are one piece;
:mod:`tallycheck.run.plan` joins the pieces of every file and stretch into groups and
packs the groups into shards.

The scan may join more than it must, never less: a word it cannot tell from a name is
taken for one (only number words, which the build stage refuses as names, and ``sum``
are not), and a file it cannot cut by lines (an article; a dataset whose rows it cannot
tell apart) is one piece holding every name it mentions.

    .tally          line by line, as tallycheck.read.parse reads them (:func:`scan_tally`)
    .csv .tsv       the rows about one quantity are one piece; the header goes everywhere
    .jsonl          the same, when every row has the columns of the file's layout
    articles        the whole article is one piece; its front matter declares its source
"""

from __future__ import annotations

import re
from array import array
from itertools import count
from dataclasses import dataclass, field
from typing import Sequence

from ..options import Options

_QUOTE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_PLAIN_QUOTE = re.compile(r'"(?:[^"\\\n{]|\\[^\n{])*"')  # a quote with no tag in it
_COMMENT = re.compile(r"#[^\n]*")
_TAG = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"(?<![\w.@-])(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*")
_SUM = re.compile(r"\bsum\s*\(\s*((?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*)\s*\.\*\s*\)")
_WORDS = ("source", "count", "amount", "real", "cumulative", "set", "title", "define")
_STATEMENT = re.compile(r"(?:source|count|amount|real|cumulative|set|title|define)(?![\w.-])|")
_ATTRIBUTED = re.compile(r"\s*((?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*)\s*:(?!:)")
# Where a stretch of a big .tally file may start: a line not indented, blank or a comment --
# the parser and the scan begin afresh there (it ends any `source` block).
_TOP_LEVEL = re.compile(r"\n(?=[^ \t\r\n#])")
ROWS = (".csv", ".tsv", ".jsonl")  # files whose rows declare their sources
ARTICLES = (".md", ".markdown", ".txt")


@dataclass
class Scan:
    """What one file (or a stretch of one) holds, in flat arrays (a big input has millions of
    lines): its claim and definition lines in pieces, piece by piece; the lines each piece is
    under (its `source`); the names and ``("sum", prefix)`` keys each piece mentions."""

    file: int
    lines: array = field(default_factory=lambda: array("l"))  # piece by piece
    starts: array = field(default_factory=lambda: array("l", [0]))  # where each piece's lines start (and the end)
    headers: array = field(default_factory=lambda: array("l"))  # the lines each piece is under, piece by piece …
    header_starts: array = field(default_factory=lambda: array("l", [0]))  # … from here
    keys: list = field(default_factory=list)  # names and ("sum", prefix) keys …
    key_piece: array = field(default_factory=lambda: array("l"))  # … and the piece that mentions each
    named: list = field(default_factory=list)  # (piece, a source its lines name)
    source_lines: dict = field(default_factory=dict)  # source id -> the lines declaring it
    declarations: dict = field(default_factory=dict)  # name -> its declaration lines
    shared: list = field(default_factory=list)  # `source` and declaration lines: kept once at least
    everywhere: list = field(default_factory=list)  # `set`, `title`, a header, front matter: kept by every shard

    @property
    def pieces(self) -> int:
        return len(self.starts) - 1

    def add_piece(self, lines, keys=(), headers=(), named=()) -> None:
        piece = self.pieces
        self.lines.extend(lines)
        self.starts.append(len(self.lines))
        self.headers.extend(headers)
        self.header_starts.append(len(self.headers))
        for key in keys:
            self.keys.append(key)
            self.key_piece.append(piece)
        self.named += [(piece, source) for source in named]


def number_words() -> frozenset[str]:
    from ..numbers import VOCABULARY

    return frozenset(w.lower() for w in VOCABULARY)


def stretches(text: str, parts: int) -> list[tuple[int, int, int]]:
    """About ``parts`` stretches of a .tally text, as (first line, start, end offsets), each
    but the first starting at a line not indented; fewer where there is none."""
    cuts = [(1, 0)]
    for k in range(1, parts):
        m = _TOP_LEVEL.search(text, len(text) * k // parts)
        if m is not None and m.end() > cuts[-1][1]:
            cuts.append((cuts[-1][0] + text.count("\n", cuts[-1][1], m.end()), m.end()))
    ends = [begin - 1 for _, begin in cuts[1:]] + [len(text)]
    return [(first, begin, end) for (first, begin), end in zip(cuts, ends)]


def scan(name: str, text: str, file: int, options: Options, stretch: tuple[int, int, int] | None = None) -> Scan:
    """The scan of one input file (the ``file``-th), or of a stretch of a .tally file."""
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix in ("csv", "tsv"):
        return scan_delimited(text, file, name, options)
    if suffix == "jsonl":
        return scan_jsonl(text, file, name, options)
    if "." + suffix in ARTICLES:
        return scan_article(text, file, name, options)
    return scan_tally(text, file, stretch)


def scan_items(items: Sequence[tuple[str, str, int, tuple[int, int, int] | None]], options: Options) -> list[Scan]:
    """:func:`scan` of each (name, text, file, stretch): a task of the plan's executor."""
    return [scan(name, text, file, options, stretch) for name, text, file, stretch in items]


def scan_tally(text: str, file: int, stretch: tuple[int, int, int] | None = None) -> Scan:
    """A .tally text (or a stretch of it) read line by line as the parser reads it: a
    `source` line starts a block that any other line not indented ends; an indented claim
    is under the block's source (its header), or, under none, kept with the statement that
    ended the last block (so that a shard reads it under no source too).

    The names, sum keys and lines that join lines are numbered as met (``ids``) and joined
    in a union-find over those numbers (``parent``)."""
    words = number_words()
    out = Scan(file)
    ids: dict = {}  # name, ("sum", prefix) or joining line -> its number
    parent: list[int] = []
    owned: list[int] = []
    node_of: list[int] = []  # per owned line: the number its keys were joined under (-1: none)
    header_of: list[int] = []  # per owned line: the line it is under (0: none)
    named_by: dict[int, str] = {}
    first, begin, end = stretch or (1, 0, len(text))
    text = text[begin:end] if (begin, end) != (0, len(text)) else text
    current = 0  # the `source` line of the block we are in
    ended: tuple[int, bool] | None = None  # the top-level line that ended the last block, and whether owned
    for lineno, raw, body in zip(count(first), text.split("\n"), _bodies(text).split("\n")):
        if not raw:
            continue
        if raw[-1] == "\r":
            raw = raw[:-1]
        stripped = raw.lstrip(" \t")
        if not stripped or stripped[0] == "#":
            continue
        indented = len(stripped) != len(raw)
        word = _STATEMENT.match(stripped).group() if stripped.startswith(_WORDS) else ""
        if not indented:  # ends the block above
            current = 0
            ended = (lineno, word in ("", "define"))
        if word and word != "define":
            if word == "set" or word == "title":
                out.everywhere.append(lineno)
                continue
            if word != "source" or not indented:
                out.shared.append(lineno)
                names = _NAME.findall(body)[1:]
                if word != "source":
                    for n in names:
                        out.declarations.setdefault(n, []).append(lineno)
                else:
                    current = lineno
                    if names:
                        out.source_lines.setdefault(names[0], []).append(lineno)
                continue
        owned.append(lineno)
        keys: list = []
        header = 0
        if not indented:
            keys.append(lineno)  # the lines under no source after it join it
        elif current:
            header = current
        elif ended is not None:
            if ended[1]:
                keys.append(ended[0])
            else:
                header = ended[0]
        header_of.append(header)
        if ":" in body:
            attributed = _ATTRIBUTED.match(body)
            if attributed is not None:  # `SOURCE: claim`: the source is no quantity
                named_by[lineno] = attributed.group(1)
                body = body[attributed.end():]
        if "sum" in body:  # `sum(prefix.*)`: a key of its own (and `sum` no name)
            keys += [("sum", m.group(1)) for m in _SUM.finditer(body)]
            body = _SUM.sub(" ", body)
        names = _NAME.findall(body)
        if word:  # `define`
            del names[0]
        node = -1
        for key in keys + names if keys else names:
            i = ids.get(key)
            if i is None:
                if type(key) is str and (key in words or key.lower() in words):
                    continue  # a number word never names a quantity
                i = ids[key] = len(parent)
                parent.append(i if node < 0 else node)
                if node < 0:
                    node = i
                continue
            while parent[i] != i:
                parent[i] = i = parent[parent[i]]
            if node < 0:
                node = i
            elif i != node:
                parent[i] = node
        node_of.append(node)
    _pieces(out, ids, parent, owned, node_of, header_of, named_by)
    return out


def _pieces(out: Scan, ids: dict, parent: list[int], owned, node_of, header_of, named_by) -> None:
    """Put the owned lines in pieces by the numbers their keys were joined under."""
    piece_of = [-1] * len(parent)  # a root's piece
    members: list[list[int]] = []
    headers: list[set] = []

    def piece_of_node(i: int) -> int:
        while parent[i] != i:
            parent[i] = i = parent[parent[i]]
        if piece_of[i] < 0:
            piece_of[i] = len(members)
            members.append([])
            headers.append(set())
        return piece_of[i]

    for lineno, node, header in zip(owned, node_of, header_of):
        if node < 0:  # a line that mentions nothing: a piece of its own
            members.append([])
            headers.append(set())
            piece = len(members) - 1
        else:
            piece = piece_of_node(node)
        members[piece].append(lineno)
        if header:
            headers[piece].add(header)
    named: list[dict] = [{} for _ in members] if named_by else []
    for k, lines in enumerate(members):
        if named_by:
            named[k] = dict.fromkeys(named_by[n] for n in lines if n in named_by)
        out.add_piece(lines, headers=sorted(headers[k]), named=named[k] if named_by else ())
    for key, i in ids.items():
        if type(key) is not int:
            out.keys.append(key)
            out.key_piece.append(piece_of_node(i))


def _bodies(text: str) -> str:
    """The text with its quotes reduced to the tags in them and its comments cut: what may
    name a quantity, each line in its place."""
    if '"' in text:
        text = _PLAIN_QUOTE.sub(" ", text)
        if '"' in text:
            text = _QUOTE.sub(lambda m: " " + " ".join(_TAG.findall(m.group())).replace("#", " ") + " ", text)
    return _COMMENT.sub("", text) if "#" in text else text


def claim_keys(claim: str, words: frozenset[str]) -> list:
    """The names and ``("sum", prefix)`` keys a claim written alone (a dataset's claim cell)
    may mention, found as :func:`scan_tally` finds them in a line."""
    body = _bodies(claim)
    keys: list = [("sum", m.group(1)) for m in _SUM.finditer(body)] if "sum" in body else []
    body = _SUM.sub(" ", body) if keys else body
    return keys + [n for n in _NAME.findall(body) if n not in words and n.lower() not in words]


def _names(text: str) -> dict:
    """Every name and ``("sum", prefix)`` key in ``text``, wherever it is (quotes, comments)."""
    return dict.fromkeys(claim_keys(text.replace("#", " ").replace('"', " "), number_words()))


def _whole(out: Scan, text: str, keys: dict | None = None) -> Scan:
    """The file as one piece that mentions ``keys``, or every name in it (and names as a
    source each that could be one: rows that cannot be told apart)."""
    if keys is not None:
        out.add_piece(range(1, text.count("\n") + 2), keys)
    else:
        keys = _names(text)
        out.add_piece(range(1, text.count("\n") + 2), keys, named=[k for k in keys if type(k) is str])
    return out


def scan_delimited(text: str, file: int, name: str, options: Options) -> Scan:
    """A .csv/.tsv dataset: the header everywhere; the rows about one quantity one piece (a
    row of the claim layout a piece of its own, with the names its claim may mention); each
    row's source, for the `source` line a .tally file may give it.  Records found as the
    reader finds them; a header it would refuse: the whole file one piece."""
    from ..read.datasets import NAME, _columns, _delimited, _Reader

    r = _Reader(text, name, options)
    out = Scan(file)
    delimiter = "\t" if name.lower().endswith(".tsv") else ","
    if '"' in text:
        found = _delimited(r, delimiter)
        if found is None:
            return _whole(out, text)
        records = [(line, cells[-1].line + cells[-1].text.count("\n"), [c.text for c in cells]) for line, cells in found]
    else:
        records = [(i, i, [c.strip() for c in line.split(delimiter)]) for i, line in enumerate(r.lines, 1) if line.strip()]
    if len(records) < 2:
        return _whole(out, text)
    header_line, header_end, header = records[0]
    names = [n.lower() for n in header]
    cols = _columns(options)
    claims = cols["claim"] in names
    if (len(set(filter(None, names))) != len(list(filter(None, names)))
            or any(cols[role] not in names for role in (("source", "claim") if claims else ("source", "quantity", "value")))
            or (claims and (cols["quantity"] in names or cols["value"] in names))):
        return _whole(out, text)
    out.everywhere.extend(range(header_line, header_end + 1))
    si, qi = names.index(cols["source"]), names.index(cols["claim" if claims else "quantity"])
    _rows(out, [(range(a, b + 1), c[si] if si < len(c) else "", c[qi] if qi < len(c) else "") for a, b, c in records[1:]
                if any(c)], claims, NAME)
    return out


def scan_jsonl(text: str, file: int, name: str, options: Options) -> Scan:
    """A .jsonl dataset, read as the reader reads it: cut by rows when every row has the
    columns of the file's layout (so that any rows of it read as the whole does), else one piece."""
    from ..read.datasets import NAME, _columns, _jsonl, _layout, _Reader

    r = _Reader(text, name, options)
    rows = _jsonl(r) if text.strip() else None
    cols = _columns(options)
    if rows is None or _layout(r, cols, {k for _, cells in rows for k in cells}, None) is None:
        return _whole(Scan(file), text)
    claims = cols["claim"] in {k for _, cells in rows for k in cells}
    needed = [cols[role] for role in (("source", "claim") if claims else ("source", "quantity", "value"))]
    if len(rows) != sum(1 for line in r.lines if line.strip()) or any(k not in cells for _, cells in rows for k in needed):
        return _whole(Scan(file), text)
    out = Scan(file)
    _rows(out, [((line,), cells[cols["source"]].text, cells[needed[1]].text) for line, cells in rows], claims, NAME)
    return out


def _rows(out: Scan, rows, claims: bool, name_pattern) -> None:
    """Rows as (lines, source, quantity or claim) -> pieces: a quantity's rows one piece."""
    words = number_words() if claims else frozenset()
    lines_of: list[list[int]] = []
    piece_of: dict[str, int] = {}
    keys_of: list = []
    sources_of: list[dict] = []
    for lines, source, what in rows:
        piece = piece_of.get(what) if not claims else None
        if piece is None:
            piece = len(lines_of)
            lines_of.append([])
            sources_of.append({})
            if claims:
                keys_of.append(claim_keys(what, words))
            elif what and name_pattern.fullmatch(what):
                piece_of[what] = piece
                keys_of.append((what,))
            else:
                keys_of.append(())
        lines_of[piece].extend(lines)
        if source:
            sources_of[piece][source] = None
    for lines, keys, sources in zip(lines_of, keys_of, sources_of):
        out.add_piece(lines, keys, named=sources)


def scan_article(text: str, file: int, name: str, options: Options) -> Scan:
    """An annotated article: one piece, with the names its tags mention; its front matter
    (its source, its title) is read by every shard."""
    from ..read.prose import read_prose

    out = Scan(file)
    doc = read_prose(text, name)
    lines = [ln.rstrip() for ln in (text[1:] if text.startswith("\ufeff") else text).split("\n")]
    close = next((i for i in range(1, len(lines)) if lines[i] in ("---", "...")), None) if lines[0] == "---" else None
    if close is not None:  # every shard reads it: the article's source and title are known everywhere
        out.everywhere += range(1, close + 2)
        for src in doc.sources:
            out.source_lines[src.id] = [1]  # a declaration (for a source declared twice)
    return _whole(out, text, _names(" ".join(_TAG.findall(text))))


class UnionFind:
    """Disjoint sets over hashable keys, with path compression: how lines, pieces and groups
    that mention the same names are joined."""

    __slots__ = ("parent",)

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb
