"""The cheap scan of ``.tally`` lines that plans ``--jobs`` shards (tallycheck.run.shards).

Before anything is parsed, each line is scanned for the quantity names it mentions
(outside quotes, and inside ``{…}`` tags) and the ``sum(prefix.*)`` it uses; lines that
mention the same name are joined.  The scan may join more than it must (a word it takes
for a name), never less.

A big file is scanned in stretches that start at the head of a story (a top-level
``source``, ``define`` or declaration after an indented line): nothing before such a line
changes how the lines after it are read, so the stretches are scanned apart (in worker
processes) and their :class:`Scan` results put together by :func:`join_scans`.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from typing import Iterator

from .union_find import UnionFind

_QUOTE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_TAG = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"(?<![\w.@-])(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*")
_SUM = re.compile(r"\bsum\s*\(\s*((?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*)\s*\.\*\s*\)")
_SHARED = re.compile(r"(?:source|count|amount|real|cumulative|set|title)(?![\w.-])")
_ATTRIBUTED = re.compile(r"\s*(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\s*:(?!:)")
# Where a stretch may start: a top-level `source`, `define` or declaration right after an
# indented line (blank lines between) -- the head of the next story.  Nothing before such a
# line changes how the lines after it are read (by the scan, or by the parser).
_STORY_HEAD = re.compile(r"\n[ \t][^\n]*\n(?:[ \t]*\n)*(?=(?:source|define|count|amount|real|cumulative)(?![\w.-]))")
# Where a stretch may start when a file has no story heads (a file of rules, say): any
# top-level `source`, `define` or declaration -- it too ends whatever source was before.
_TOP_LEVEL_HEAD = re.compile(r"\n(?=(?:source|define|count|amount|real|cumulative)(?![\w.-]))")
_NOT_NAMES = frozenset("source define count amount real cumulative set title in sum to of".split())


def number_words() -> frozenset[str]:
    from ..numbers import VOCABULARY

    return frozenset(w.lower() for w in VOCABULARY)


@dataclass
class Scan:
    """What a stretch of lines of one file holds, in flat arrays (a big input has millions
    of lines): its claim and definition lines in pieces (lines that must be checked
    together, as far as this stretch shows), each piece's lines one after another; the
    lines they are under (their `source`, or the like); the names and keys each piece
    mentions."""

    file: int
    lines: array = field(default_factory=lambda: array("l"))  # piece by piece, in order within each
    starts: array = field(default_factory=lambda: array("l"))  # where each piece's lines start (and the end)
    headers: array = field(default_factory=lambda: array("l"))  # the lines each piece's lines are under …
    header_starts: array = field(default_factory=lambda: array("l"))  # … piece by piece, from here
    keys: list = field(default_factory=list)  # names and ("sum", prefix) keys …
    key_piece: array = field(default_factory=lambda: array("l"))  # … and the piece each is in
    attributed: list[tuple[int, str]] = field(default_factory=list)  # (piece, the source a line of it names)
    source_lines: dict[str, list[int]] = field(default_factory=dict)  # source id -> its `source` lines
    declarations: dict[str, list[int]] = field(default_factory=dict)  # name -> its declaration lines
    everywhere: list[int] = field(default_factory=list)  # `set` and `title` lines: every shard keeps them
    row_sources: list[tuple[int, str]] = field(default_factory=list)  # a dataset's: (piece, a source its rows name)
    sources_in_order: list[str] = field(default_factory=list)  # a dataset's: the sources its rows name, first seen first

    @property
    def pieces(self) -> int:
        return len(self.starts) - 1


def stretches(text: str, parts: int, top_level: bool = False) -> list[tuple[int, int, int]]:
    """About ``parts`` stretches covering the text, as (first line number, start offset, end
    offset), each but the first starting at the head of a story (:data:`_STORY_HEAD`), or
    with ``top_level`` at any top-level statement that ends a source (:data:`_TOP_LEVEL_HEAD`);
    fewer where there is none."""
    head = _TOP_LEVEL_HEAD if top_level else _STORY_HEAD
    cuts = [(1, 0)]
    for k in range(1, parts):
        m = head.search(text, len(text) * k // parts)
        if m is None:
            break
        begin = m.end()
        if begin > cuts[-1][1]:
            cuts.append((cuts[-1][0] + text.count("\n", cuts[-1][1], begin), begin))
    ends = [begin - 1 for _, begin in cuts[1:]] + [len(text)]
    return [(first, begin, end) for (first, begin), end in zip(cuts, ends)]


def scan(text: str, file: int, stretch: tuple[int, int, int] | None = None,
         words: frozenset[str] | None = None) -> Scan:
    """Scan ``text`` (the ``file``-th input), or a stretch of it (:func:`stretches`)."""
    words = number_words() if words is None else words
    out = Scan(file)
    joined = UnionFind()  # names, sum keys and definition lines that belong together
    find = joined.find

    owned: list[int] = []
    node_of: list = []  # per owned line: the first name or key it mentions, or None
    header_of: dict[int, int] = {}
    attributed_to: dict[int, str] = {}
    names_seen: set[str] = set()
    sums: set[tuple[str, str]] = set()
    first, begin, end = stretch or (1, 0, len(text))
    lines = (text[begin:end] if (begin, end) != (0, len(text)) else text).split("\n")
    current = 0
    reset: tuple[int, object] | None = None  # the last top-level statement that ended a source block
    for lineno, line in enumerate(lines, start=first):
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            continue
        indented = line[0] in (" ", "\t")
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
                    if word in ("set", "title"):
                        out.everywhere.append(lineno)
                    else:  # a declaration
                        for name in _NAME.findall(stripped.split("#", 1)[0], len(word)):
                            out.declarations.setdefault(name, []).append(lineno)
                continue
        owned.append(lineno)
        keys: list = []
        if not indented:  # a definition, or a claim not indented (attributed, or an error)
            current = 0
            reset = (lineno, lineno)
            keys.append(lineno)  # lines under no source after it join it
        if indented:
            if current:
                header_of[lineno] = current
            elif reset is not None:
                # under no source (an error): what ended the block above must end it in the shard too
                if reset[1] is not None:
                    keys.append(reset[1])  # a definition: the same shard
                else:
                    header_of[lineno] = reset[0]  # a declaration, `set` or `title`: kept with it
        if '"' in line:
            body = _QUOTE.sub(_tags_only, line) if "{" in line else _QUOTE.sub("  ", line)
        else:
            body = line
        if "#" in body:
            body = body.split("#", 1)[0]
        if ":" in body:
            attributed = _ATTRIBUTED.match(body)
            if attributed is not None:
                attributed_to[lineno] = body[: attributed.end()].strip()[:-1].strip()
                body = body[attributed.end():]  # `SOURCE: claim`: the source is not a quantity
        if "sum" in body:
            for m in _SUM.finditer(body):
                key = ("sum", m.group(1))
                sums.add(key)
                keys.append(key)
        for m in _NAME.finditer(body):
            name = m.group()
            if name in names_seen:
                keys.append(name)
            elif name in _NOT_NAMES or (name.lower() in words and not _alone(body, m, words)):
                continue
            else:
                names_seen.add(name)
                keys.append(name)
        if not keys:
            node_of.append(None)
            continue
        node = keys[0]
        node_of.append(node)
        for key in keys[1:]:  # the names of one line belong together
            joined.union(node, key)
    piece_ids: dict = {}
    members: list[list[int]] = []
    for lineno, node in zip(owned, node_of):
        if node is None:  # a line that mentions no name: a piece of its own
            piece = len(members)
            members.append([])
        else:
            root = find(node)
            piece = piece_ids.get(root)
            if piece is None:
                piece = piece_ids[root] = len(members)
                members.append([])
        members[piece].append(lineno)
        source = attributed_to.get(lineno)
        if source is not None:
            out.attributed.append((piece, source))
    out.starts.append(0)
    out.header_starts.append(0)
    for piece_lines in members:
        out.lines.extend(piece_lines)
        out.starts.append(len(out.lines))
        headers = {header_of[n] for n in piece_lines if n in header_of}
        out.headers.extend(sorted(headers))
        out.header_starts.append(len(out.headers))
    for key in list(names_seen) + list(sums):
        out.keys.append(key)
        out.key_piece.append(piece_ids[find(key)])
    return out


def summed_prefixes(name: str, prefixes: set[str]) -> Iterator[str]:
    """The prefixes of ``name`` (``a`` and ``a.b`` of ``a.b.c``) among those some
    ``sum(prefix.*)`` covers: what ties a name to a sum, in every plan of ``--jobs``."""
    dot = name.find(".")
    while dot > 0:
        if name[:dot] in prefixes:
            yield name[:dot]
        dot = name.find(".", dot + 1)


def claim_keys(claim: str, words: frozenset[str]) -> list:
    """The names and ``("sum", prefix)`` keys a claim written alone (a dataset's claim cell)
    may mention, found as :func:`scan` finds them in a line (at least those it mentions)."""
    body = claim
    if '"' in body:
        body = _QUOTE.sub(_tags_only, body) if "{" in body else _QUOTE.sub("  ", body)
    keys: list = [("sum", m.group(1)) for m in _SUM.finditer(body)] if "sum" in body else []
    keys += [m.group() for m in _NAME.finditer(body)
             if m.group() not in _NOT_NAMES and (m.group().lower() not in words or _alone(body, m, words))]
    return keys


_NEXT = re.compile(r"\s*([\w$£€¥₹₽₴.]*)")
_PREVIOUS = re.compile(r"([\w%.]*)\s*\Z")
_KEYWORDS_AROUND = frozenset(("in", "to", "of"))


def _alone(body: str, m: re.Match, words: frozenset[str]) -> bool:
    """Whether a number word stands alone as a term (``no`` in ``total = yes + no``), where it
    may name a quantity (docs/language.md): not run together with other number words or
    digits (``no more than 5``), nor the number of a phrase claim (``five killed``).  It may
    take a word for alone that the grammar reads as a number, never the other way round."""
    after = _NEXT.match(body, m.end()).group(1)
    if after and after.lower() not in _KEYWORDS_AROUND:
        return False  # digits, a sign, more number words, or the quantity of a phrase claim
    before = _PREVIOUS.search(body, 0, m.start()).group(1)
    return not before or before.lower() in _KEYWORDS_AROUND or not (before[-1].isdigit() or before.lower() in words
                                                                     or before[-1] == "%")


def _tags_only(quote: re.Match) -> str:
    return " " + " ".join(_TAG.findall(quote.group())) + " "


@dataclass
class Groups:
    """The lines of every scan put in groups that must be checked together."""

    of_piece: list[array]  # per scan, per piece: its group
    sizes: list[int]  # per group: its claim and definition lines
    first: list[tuple[int, int]]  # per group: its first line (file, line)
    of_name: dict  # declared names -> their group (those some claim or definition mentions)


def join_scans(scans: list[Scan]) -> Groups:
    """Join the pieces of every stretch that share a name (or a sum and a name under it).

    Pieces are numbered across the scans; each name or key belongs to the first piece that
    mentions it, and a later piece that mentions it too is joined to that one (within a
    stretch that happens only across stretches: the scan joined the rest already)."""
    joined = UnionFind()  # the pieces of every scan, numbered one after another
    find, union = joined.find, joined.union
    owner: dict = {}  # a name or key -> the first piece that mentions it
    offsets: list[int] = []  # per scan: the number of its first piece
    total = 0
    for sc in scans:
        offsets.append(total)
        for key, piece in zip(sc.keys, sc.key_piece):
            number = total + piece
            first = owner.setdefault(key, number)
            if first != number:
                union(first, number)
        total += sc.pieces
    prefixes = {key[1] for key in owner if isinstance(key, tuple)}
    if prefixes:  # a name under a prefix summed somewhere: with that sum
        for sc in scans:  # a name only declared is summed too (its declaration goes with the sum)
            for name in sc.declarations:
                if name not in owner:
                    for prefix in summed_prefixes(name, prefixes):
                        owner[name] = owner[("sum", prefix)]
                        break
        for name, piece in owner.items():
            if isinstance(name, str):
                for prefix in summed_prefixes(name, prefixes):
                    union(piece, owner[("sum", prefix)])
    group_of_root: dict[int, int] = {}
    of_piece: list[array] = []
    sizes: list[int] = []
    first: list[tuple[int, int]] = []
    for sc, offset in zip(scans, offsets):
        groups = array("l", [0]) * sc.pieces
        starts = sc.starts
        for piece in range(sc.pieces):
            root = find(offset + piece)
            group = group_of_root.get(root)
            if group is None:
                group = group_of_root[root] = len(sizes)
                sizes.append(0)
                first.append((sc.file, sc.lines[starts[piece]]))
            groups[piece] = group
            sizes[group] += starts[piece + 1] - starts[piece]
        of_piece.append(groups)
    of_name = {name: group_of_root[find(owner[name])]
               for sc in scans for name in sc.declarations if name in owner}
    return Groups(of_piece, sizes, first, of_name)
