"""The cheap scan of ``.tally`` lines that plans ``--jobs`` shards (tallycheck.shards).

Before anything is parsed, each line is scanned for the quantity names it mentions
(outside quotes, and inside ``{…}`` tags) and the ``sum(prefix.*)`` it uses; lines that
mention the same name are joined.  The scan may join more than it must (a word it takes
for a name), never less.

A big file is scanned in stretches that start at a top-level ``source`` line: nothing
before such a line changes how the lines after it are read, so the stretches are scanned
apart (in worker processes) and their :class:`Scan` results put together by
:func:`join_scans`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_QUOTE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_TAG = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"(?<![\w.@-])(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*")
_SUM = re.compile(r"\bsum\s*\(\s*((?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*)\s*\.\*\s*\)")
_SHARED = re.compile(r"(?:source|count|amount|real|cumulative|set|title)(?![\w.-])")
_DEFINE = re.compile(r"define(?![\w.-])")
_ATTRIBUTED = re.compile(r"\s*(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\s*:(?!:)")
_TOP_SOURCE = re.compile(r"\nsource(?![\w.-])")
_NOT_NAMES = frozenset("source define count amount real cumulative set title in sum to of".split())


def number_words() -> frozenset[str]:
    from .numbers import VOCABULARY

    return frozenset(w.lower() for w in VOCABULARY)


@dataclass
class Piece:
    """Lines of one file that must be checked together, as far as one stretch shows."""

    lines: list[int]  # the claim and definition lines
    headers: set[int]  # the `source` (or other) line each of them is under
    attributed: list[str]  # the sources named by `SOURCE: claim` lines
    keys: list  # the names and ("sum", prefix) keys its lines mention


@dataclass
class Scan:
    """What a stretch of lines of one file holds."""

    file: int
    pieces: list[Piece] = field(default_factory=list)
    source_lines: dict[str, list[int]] = field(default_factory=dict)  # source id -> its `source` lines
    declarations: dict[str, list[int]] = field(default_factory=dict)  # name -> its declaration lines
    prefixes: set[str] = field(default_factory=set)  # used in sum(prefix.*)
    names: set[str] = field(default_factory=set)


def stretches(text: str, parts: int) -> list[tuple[int, int, int]]:
    """About ``parts`` stretches covering the text, as (first line number, start offset, end
    offset), each but the first starting at a top-level ``source`` line; fewer where
    there are no such lines."""
    cuts = [(1, 0)]
    for k in range(1, parts):
        m = _TOP_SOURCE.search(text, len(text) * k // parts)
        if m is None:
            break
        begin = m.start() + 1
        if begin > cuts[-1][1]:
            cuts.append((cuts[-1][0] + text.count("\n", cuts[-1][1], begin), begin))
    ends = [begin - 1 for _, begin in cuts[1:]] + [len(text)]
    return [(first, begin, end) for (first, begin), end in zip(cuts, ends)]


def scan(text: str, file: int, stretch: tuple[int, int, int] | None = None,
         words: frozenset[str] | None = None) -> Scan:
    """Scan ``text`` (the ``file``-th input), or a stretch of it (:func:`stretches`)."""
    words = number_words() if words is None else words
    out = Scan(file)
    parent: dict = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(a, b):  # every name and key joined to a line is in `parent`, roots too
        ra, rb = find(a), find(b)
        parent.setdefault(rb, rb)
        if ra != rb:
            parent[ra] = rb

    owned: list[int] = []
    header_of: dict[int, int] = {}
    attributed_to: dict[int, str] = {}
    names_seen = out.names
    first, begin, end = stretch or (1, 0, len(text))
    lines = (text[begin:end] if (begin, end) != (0, len(text)) else text).split("\n")
    current = 0
    reset: tuple[int, object] | None = None  # the last top-level statement that ended a source block
    for lineno, line in enumerate(lines, start=first):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indented = line[:1] in (" ", "\t")
        if not indented:
            shared = _SHARED.match(stripped)
            if shared is not None:
                word = shared.group()
                if word == "source":
                    current = lineno
                    m = _NAME.search(stripped, len(word))
                    if m is not None:
                        out.source_lines.setdefault(m.group(), []).append(lineno)
                else:
                    current = 0
                    reset = (lineno, None)
                    if word not in ("set", "title"):  # a declaration
                        for name in _NAME.findall(stripped.split("#", 1)[0], len(word)):
                            out.declarations.setdefault(name, []).append(lineno)
                continue
        owned.append(lineno)
        if not indented and _DEFINE.match(stripped):
            current = 0
            reset = (lineno, lineno)
        if indented:
            if current:
                header_of[lineno] = current
            elif reset is not None:
                # under no source (an error): what ended the block above must end it in the shard too
                if reset[1] is not None:
                    union(lineno, reset[1])  # a definition: the same shard
                else:
                    header_of[lineno] = reset[0]  # a declaration, `set` or `title`: kept with it
        body = _QUOTE.sub(_tags_only, line) if '"' in line else line
        if "#" in body:
            body = body.split("#", 1)[0]
        if ":" in body:
            attributed = _ATTRIBUTED.match(body)
            if attributed is not None:
                attributed_to[lineno] = body[: attributed.end()].strip()[:-1].strip()
                body = body[attributed.end():]  # `SOURCE: claim`: the source is not a quantity
        if "sum" in body:
            for m in _SUM.finditer(body):
                out.prefixes.add(m.group(1))
                union(lineno, ("sum", m.group(1)))
        for name in _NAME.findall(body):
            if name in names_seen:
                union(lineno, name)
            elif name in _NOT_NAMES or name.lower() in words:
                continue
            else:
                names_seen.add(name)
                union(lineno, name)
    pieces: dict = {}
    for lineno in owned:
        root = find(lineno)
        piece = pieces.get(root)
        if piece is None:
            piece = pieces[root] = Piece([], set(), [], [])
        piece.lines.append(lineno)
        header = header_of.get(lineno)
        if header:
            piece.headers.add(header)
        source = attributed_to.get(lineno)
        if source is not None:
            piece.attributed.append(source)
    for node in parent:
        if not isinstance(node, int):
            pieces[find(node)].keys.append(node)
    out.pieces = list(pieces.values())
    return out


def _tags_only(quote: re.Match) -> str:
    return " " + " ".join(_TAG.findall(quote.group())) + " "


@dataclass
class Group:
    """Lines (of any file) that must be checked together: the plan deals whole groups."""

    members: list[tuple[int, int]]  # (file, line) of its claim and definition lines
    needs: list[tuple[int, int]]  # the other lines it needs: their `source` lines and the like
    attributed: list[str]  # sources named by its `SOURCE: claim` lines
    keys: list


def join_scans(scans: list[Scan]) -> tuple[list[Group], dict[str, list[tuple[int, int]]], dict, dict]:
    """The groups of the scanned lines, every `source` line by source, every declaration by
    name, and the group each name belongs to (by index into the groups)."""
    parent: dict = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    prefixes: set[str] = set()
    names: set[str] = set()
    for sc in scans:
        prefixes |= sc.prefixes
        names |= sc.names
        for piece in sc.pieces:
            for key in piece.keys[1:]:
                union(piece.keys[0], key)
    for name in names:
        for i in range(len(name)):
            if name[i] == "." and name[:i] in prefixes:
                union(name, ("sum", name[:i]))
    by_root: dict = {}
    groups: list[Group] = []
    for sc in scans:
        fi = sc.file
        for piece in sc.pieces:
            members = [(fi, n) for n in piece.lines]
            needs = [(fi, n) for n in sorted(piece.headers)]
            if piece.keys:
                root = find(piece.keys[0])
                index = by_root.get(root)
                if index is not None:
                    g = groups[index]
                    g.members += members
                    g.needs += needs
                    g.attributed += piece.attributed
                    continue
                by_root[root] = len(groups)
            groups.append(Group(members, needs, list(piece.attributed), piece.keys))
    source_lines: dict[str, list[tuple[int, int]]] = {}
    declarations: dict[str, list[tuple[int, int]]] = {}
    for sc in scans:
        for name, where in sc.source_lines.items():
            source_lines.setdefault(name, []).extend((sc.file, n) for n in where)
        for name, where in sc.declarations.items():
            declarations.setdefault(name, []).extend((sc.file, n) for n in where)
    group_of = {name: by_root[find(name)] for name in declarations if find(name) in by_root}
    return groups, source_lines, declarations, group_of
