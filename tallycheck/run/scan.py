"""Step 1 of the plan: the cheap scan of an input, before it is read -- which lines must be
checked together.

Lines that mention the same quantity name are one piece, with what ties it to other pieces:
the names and ``sum(prefix.*)`` it mentions, the sources it names, the lines it must be read
with (the `source` line a claim is under).  The scan may join more than it must, never less:
a word it cannot tell from a name is taken for one (a number word is not, unless it stands
alone as a term -- ``no`` in ``total = yes + no`` -- where the build stage may read it as a
name: :func:`_alone`; nor is the ``sum`` of ``sum(prefix.*)``), and a file it cannot cut by
lines is one piece that mentions every name in it.

    .tally        line by line, as tallycheck.read.parse reads it (:func:`scan_tally`)
    .csv .tsv     a quantity's rows are one piece (the claim layout: each row); the header goes everywhere
    .jsonl        the same, when every row has the columns of the file's layout
    articles      one piece; its front matter goes everywhere
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from itertools import count
from typing import Sequence

from ..options import Options

# A NAME of grammars/tally.lark, ``(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*``, written so that it
# never backtracks (the same strings, a fifth faster: the scan runs it over every line).
_NAME_RE = r"[^\W\d]\w*+(?:-++\w++)*+(?:\.\w++(?:-++\w++)*+)*+"
_NAME = re.compile(r"(?<![\w.@-])" + _NAME_RE)
_SUM = re.compile(r"\bsum\s*\(\s*(" + _NAME_RE + r")\s*\.\*\s*\)")
_ATTRIBUTED = re.compile(r"\s*(" + _NAME_RE + r")\s*:(?!:)")
_QUOTE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_PLAIN_QUOTE_RE = r'"[^"\\\n{]*+(?:\\[^\n{][^"\\\n{]*+)*+"'  # a quote with no tag in it (that never backtracks)
_PLAIN_QUOTE = re.compile(_PLAIN_QUOTE_RE)
_TAG = re.compile(r"\{([^{}]*)\}")
_COMMENT = re.compile(r"#[^\n]*")
_WORDS = ("source", "count", "amount", "real", "cumulative", "set", "title", "define")
_STATEMENT = re.compile(r"(?:source|count|amount|real|cumulative|set|title|define)(?![\w.-])|")
# The commonest line, one regex (scan_tally): a claim indented under a `source`, of the shapes
# newsrooms write most, with a quote without tags or none, no comment.  When it matches and no
# name it finds is a number word, its groups are the names the general scan finds, in order
# (tests/scale/test_scan_shapes.py); any other line is scanned the general way.
_N = r"\d[\d,]*+(?:\.\d++)?"
_CLAIM = re.compile(
    r"[ \t]+(?!(?:source|count|amount|real|cumulative|set|title|define)(?![\w.-]))(?:"
    rf"{_N}[ \t]+({_NAME_RE})"  # 184 s2.part0
    rf"|(?:more|fewer) than[ \t]+{_N}[ \t]+({_NAME_RE})|about[ \t]+{_N}[ \t]+({_NAME_RE})"
    rf"|({_NAME_RE})[ \t]*(?:/[ \t]*({_NAME_RE})[ \t]*)?[<>=]=?[ \t]*{_N}%?(?:[ \t]+of[ \t]+({_NAME_RE}))?"
    rf"|({_NAME_RE})[ \t]+in[ \t]+{_N}\.\.{_N}"  # s2.total = 428, s4.share0 = 40% of s4.all, a / b = 5.42, x in 3..4
    r")(?:[ \t]+" + _PLAIN_QUOTE_RE + r")?[ \t]*")
_SOURCE = re.compile(rf"source[ \t]+({_NAME_RE})[ \t]*")  # a `source` line with its id alone
_TOP_LEVEL = re.compile(r"\n(?=[^ \t\r\n#])")  # a line where the parser starts afresh
_NEXT_LINE = re.compile(r"\n")
_FIRST_LINE = re.compile(r"\S[^\n]*")  # the first line not blank (from its first character)
ROWS = (".csv", ".tsv", ".jsonl")  # files whose rows declare their sources
ARTICLES = (".md", ".markdown", ".txt")


@dataclass
class Scan:
    """What a file (or a stretch of one) holds, in flat arrays: a big input has millions of lines."""

    file: int
    lines: array = field(default_factory=lambda: array("l"))  # piece by piece: its lines and those it is under
    starts: array = field(default_factory=lambda: array("l", [0]))  # where each piece's lines start (and end)
    sizes: array = field(default_factory=lambda: array("l"))  # each piece's own lines (its claims, definitions, rows)
    keys: list = field(default_factory=list)  # names and ("sum", prefix) keys …
    key_piece: array = field(default_factory=lambda: array("l"))  # … and the piece that mentions each
    named: list = field(default_factory=list)  # (piece, a source its lines name)
    source_lines: dict = field(default_factory=dict)  # source id -> the lines declaring it
    declarations: dict = field(default_factory=dict)  # name -> its declaration lines
    shared: list = field(default_factory=list)  # `source` and declaration lines: each kept by a shard at least
    everywhere: list = field(default_factory=list)  # `set`, `title`, a header, front matter: kept by every shard

    @property
    def pieces(self) -> int:
        return len(self.starts) - 1

    def add_piece(self, lines, keys=(), named=(), size: int | None = None) -> None:
        """A piece of ``lines`` (its own, and those it is under: ``size`` its own), mentioning
        ``keys`` and naming the sources ``named`` (sized collections)."""
        piece = len(self.starts) - 1
        if keys:
            self.keys += keys
            self.key_piece.extend([piece] * len(keys))
        if named:
            self.named += [(piece, source) for source in named]
        self.lines.extend(lines)
        self.starts.append(len(self.lines))
        self.sizes.append(len(lines) if size is None else size)


def number_words() -> frozenset[str]:
    from ..numbers import VOCABULARY

    return frozenset(w.lower() for w in VOCABULARY)


def stretches(text: str, parts: int, rows: bool = False) -> list[tuple[int, int, int]]:
    """About ``parts`` stretches of a text, as (first line, start, end offsets): of a .tally
    text each but the first starting at a line not indented, of ``rows`` (a dataset without
    quoted cells: every line a record) at any line; fewer where there is no such line."""
    cuts = [(1, 0)]
    for k in range(1, parts):
        m = (_NEXT_LINE if rows else _TOP_LEVEL).search(text, len(text) * k // parts)
        if m is not None and m.end() > cuts[-1][1]:
            cuts.append((cuts[-1][0] + text.count("\n", cuts[-1][1], m.end()), m.end()))
    ends = [begin - 1 for _, begin in cuts[1:]] + [len(text)]
    return [(first, begin, end) for (first, begin), end in zip(cuts, ends)]


def scan_items(items: Sequence[tuple[str, str, int, tuple[int, int, int] | None]], options: Options) -> list[Scan]:
    """The scan of each (file name, text, file number, stretch or None): a task of the plan."""
    return [scan(name, text, file, options, stretch) for name, text, file, stretch in items]


def scan(name: str, text: str, file: int, options: Options, stretch: tuple[int, int, int] | None = None) -> Scan:
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix in ("csv", "tsv", "jsonl"):
        return scan_rows(text, file, name, options, stretch)
    if "." + suffix in ARTICLES:
        return scan_article(text, file, name)
    return scan_tally(text, file, stretch)


def scan_tally(text: str, file: int, stretch: tuple[int, int, int] | None = None) -> Scan:
    """A .tally text (or a stretch of it), as the parser reads it: a `source` line starts a
    block that any line not indented ends; an indented claim is read with the `source` line
    it is under, or (under none) with the statement that ended the last block, so that a
    shard reads it under no source too.  The keys that join lines are numbered as they are
    met (``ids``) and joined in a union-find over those numbers (``parent``)."""
    words = number_words()
    out = Scan(file)
    ids: dict = {}  # a name, ("sum", prefix) or joining line -> its number
    parent: list[int] = []
    owned: list[tuple[int, int, int]] = []  # (line, the number its keys are joined under or -1, the line it is under)
    named_by: dict[int, str] = {}
    first, begin, end = stretch or (1, 0, len(text))
    text = text[begin:end] if (begin, end) != (0, len(text)) else text
    current = 0  # the `source` line of the block we are in
    ended = (0, False)  # the line not indented that ended the last block, and whether a piece owns it
    claim, source = _CLAIM.fullmatch, _SOURCE.fullmatch
    for lineno, raw, body in zip(count(first), text.split("\n"), _bodies(text).split("\n")):
        if not raw:
            continue
        if current and (m := claim(raw)) is not None:  # the commonest line (_CLAIM): a third of the time
            names = [name for name in m.groups() if name]
            if words.isdisjoint(map(str.lower, names)):
                owned.append((lineno, _join(names, ids, parent), current))
                continue
        elif (m := source(raw)) is not None:  # the next commonest, `source ID` (as below)
            current = lineno
            ended = (lineno, False)
            out.shared.append(lineno)
            out.source_lines.setdefault(m.group(1), []).append(lineno)
            continue
        if raw[-1] == "\r":
            raw = raw[:-1]
        stripped = raw.lstrip(" \t")
        if not stripped or stripped[0] == "#":
            continue
        indented = len(stripped) != len(raw)
        word = _STATEMENT.match(stripped).group() if stripped.startswith(_WORDS) else ""
        if not indented:
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
                    continue
                current = lineno
                if names:
                    out.source_lines.setdefault(names[0], []).append(lineno)
                continue
        if current:  # the commonest: a claim under a source
            keys, under = [], current
        elif indented:
            keys, under = ([ended[0]], 0) if ended[1] else ([], ended[0])
        else:
            keys, under = [lineno], 0  # the lines under no source after it join it
        if ":" in body:
            attributed = _ATTRIBUTED.match(body)
            if attributed is not None:  # `SOURCE: claim`: the source is no quantity
                named_by[lineno] = attributed.group(1)
                body = body[attributed.end():]
                word = ""  # (an indented `source: …` or `define: …`: the word names the source)
        if "sum" in body:
            keys += [("sum", m.group(1)) for m in _SUM.finditer(body)]
            body = _SUM.sub(" ", body)
        names = _names(body, words)
        if word:  # `define`
            del names[0]
        owned.append((lineno, _join(keys + names if keys else names, ids, parent), under))
    roots = _roots(parent)
    members: dict[int, list] = {}  # a root -> [its lines and those they are under, how many are its own]
    for lineno, node, under in owned:
        piece = members.get(roots[node] if node >= 0 else ~lineno)  # ~line: a piece of its own
        if piece is None:
            piece = members[roots[node] if node >= 0 else ~lineno] = [[], 0]
        piece[0].append(lineno)
        piece[1] += 1
        if under:
            piece[0].append(under)
    piece_of = {}
    for root, (lines, size) in members.items():
        piece_of[root] = out.pieces
        named = named_by and dict.fromkeys(named_by[n] for n in lines if n in named_by)
        out.add_piece(sorted(set(lines)), named=named, size=size)
    for key, i in ids.items():
        if type(key) is not int:
            out.keys.append(key)
            out.key_piece.append(piece_of[roots[i]])
    return out


def _join(keys: list, ids: dict, parent: list[int]) -> int:
    """The number the ``keys`` of a line are joined under (each numbered as first met), or -1
    for none: in the union-find ``parent``, every number points to a smaller one or itself."""
    node = -1
    for key in keys:
        i = ids.get(key)
        if i is None:
            i = ids[key] = len(parent)
            parent.append(i if node < 0 else node)
            node = i if node < 0 else node
            continue
        while parent[i] != i:
            parent[i] = i = parent[parent[i]]
        if node < 0:
            node = i
        elif i < node:
            parent[node] = node = i
        elif i > node:
            parent[i] = node
    return node


def _roots(parent: list[int]) -> list[int]:
    """The root of each number of a union-find whose every number points to a smaller one or itself."""
    roots = parent[:]
    for i, p in enumerate(roots):
        roots[i] = roots[p]
    return roots


def _bodies(text: str) -> str:
    """The text with its quotes reduced to the tags in them and its comments cut: what may
    name a quantity, every line in its place."""
    if '"' in text:
        text = _PLAIN_QUOTE.sub(" ", text)
        if '"' in text:
            text = _QUOTE.sub(lambda m: " " + " ".join(_TAG.findall(m.group())).replace("#", " ") + " ", text)
    return _COMMENT.sub("", text) if "#" in text else text


def claim_keys(claim: str, words: frozenset[str]) -> list:
    """The names and ``("sum", prefix)`` keys a claim may mention, found as in a .tally line."""
    body = _bodies(claim)
    keys: list = [("sum", m.group(1)) for m in _SUM.finditer(body)] if "sum" in body else []
    body = _SUM.sub(" ", body) if keys else body
    return keys + _names(body, words)


def _names(body: str, words: frozenset[str]) -> list[str]:
    """The names a line's text (quotes blanked but for their tags) may mention: every word
    shaped as a name but number words, unless one stands alone (:func:`_alone`)."""
    found = _NAME.findall(body)
    if words.isdisjoint(map(str.lower, found)):  # the commonest: no number word (they are lower case)
        return found
    return [m.group() for m in _NAME.finditer(body) if m.group().lower() not in words or _alone(body, m, words)]


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


def _whole(out: Scan, text: str, keys: list | None = None) -> Scan:
    """The file as one piece that mentions ``keys`` or, by default, every name in it (each
    also as a source it may name: rows it cannot tell apart)."""
    named = ()
    if keys is None:
        keys = claim_keys(text.replace("#", " ").replace('"', " "), number_words())
        named = [k for k in keys if type(k) is str]
    out.add_piece(range(1, text.count("\n") + 2), dict.fromkeys(keys), dict.fromkeys(named))
    return out


def scan_rows(text: str, file: int, name: str, options: Options, stretch: tuple[int, int, int] | None = None
              ) -> Scan:
    """A dataset (or a stretch of the rows of one without quoted cells), its records found as
    the reader finds them: the rows about one quantity one piece (a row of the claim layout:
    a piece of its own, with the names its claim may mention), naming the rows' sources; a
    .csv/.tsv header everywhere.  A file whose rows the reader would not read alike in any
    shard (a header it refuses, records it cannot tell apart, .jsonl rows without a column
    of the layout) is one piece."""
    from ..read.datasets import NAME, _columns, _delimited, _jsonl, _layout, _Reader

    head = _FIRST_LINE.search(text)  # the header, or the first row: where a stretch needs to read from
    out, cols = Scan(file), _columns(options)
    r = _Reader(text[:head.end()] if stretch and head else text, name, options)
    if name.lower().endswith(".jsonl"):
        found = _jsonl(r) if text.strip() else None
        present = {k for _, cells in found or () for k in cells}
        layout = _layout(r, cols, present, None) if found else None
        roles = ("source", "claim") if layout == "claim" else ("source", "quantity", "value")
        lines = [n for n, line in enumerate(r.lines, 1) if line.strip()]
        if layout is None or len(found) != len(lines) or any(cols[k] not in c for _, c in found for k in roles):
            return _whole(out, text)
        rows = [((n,), c[cols["source"]].text, c[cols[roles[1]]].text) for n, c in found]
    else:
        delimiter = "\t" if name.lower().endswith(".tsv") else ","
        if '"' in text:
            found = [(n, [c.text for c in cells]) for n, cells in _delimited(r, delimiter) or ()]
        else:  # every line a record: the header, and the rows of the stretch
            first, begin, end = stretch or (1, 0, len(text))
            lines = enumerate(text[begin:end].split("\n"), first) if stretch else enumerate(r.lines, 1)
            found = [(n, [c.strip() for c in line.split(delimiter)]) for n, line in lines if line.strip()]
            if stretch and head and found and found[0][0] > len(r.lines):
                found.insert(0, (len(r.lines), [c.strip() for c in r.lines[-1].split(delimiter)]))
        if len(found) < 2:
            return _whole(out, text)
        header = [c.lower() for c in found[0][1]]
        layout = "claim" if cols["claim"] in header else "value"
        roles = ("source", "claim") if layout == "claim" else ("source", "quantity", "value")
        given = [h for h in header if h]
        if (len(set(given)) != len(given) or any(cols[k] not in header for k in roles)
                or (layout == "claim" and (cols["quantity"] in header or cols["value"] in header))):
            return _whole(out, text)
        quoted = '"' in text  # records over several lines: each ends where the next one starts
        ends = [n for n, _ in found[1:]] + [len(r.lines) + 1 if quoted else found[-1][0] + 1]
        out.everywhere.extend(range(found[0][0], found[1][0]) if quoted else (found[0][0],))
        si, qi = header.index(cols["source"]), header.index(cols[roles[1]])
        rows = [(range(n, end), c[si] if si < len(c) else "", c[qi] if qi < len(c) else "")
                for (n, c), end in zip(found[1:], ends[1:]) if any(c)]
    _pieces_of_rows(out, rows, layout == "claim", NAME)
    return out


def _pieces_of_rows(out: Scan, rows, claims: bool, name_pattern) -> None:
    """Rows as (lines, source, quantity or claim) -> pieces: a quantity's rows are one."""
    words = number_words()
    pieces: dict = {}  # quantity (or row) -> [lines, keys, sources]
    for lines, source, what in rows:
        piece = None if claims else pieces.get(what)  # (only a quantity's name is a key that is text)
        if piece is None:
            key = what if not claims and name_pattern.fullmatch(what) else len(pieces)
            keys = claim_keys(what, words) if claims else (what,) if type(key) is str else ()
            piece = pieces[key] = [[], keys, {}]
        piece[0].extend(lines)
        if source:
            piece[2][source] = None
    for lines, keys, sources in pieces.values():
        out.add_piece(lines, keys, sources)


def scan_article(text: str, file: int, name: str) -> Scan:
    """An annotated article: one piece with the names of its tags; its front matter (its
    source, its title) read by every shard."""
    from ..read.prose import read_prose

    out = Scan(file)
    lines = [ln.rstrip() for ln in (text[1:] if text.startswith("\ufeff") else text).split("\n")]
    close = next((i for i in range(1, len(lines)) if lines[i] in ("---", "...")), None) if lines[0] == "---" else None
    if close is not None:
        out.everywhere += range(1, close + 2)
        for src in read_prose(text, name).sources:
            out.source_lines[src.id] = [1]  # declared there (a source declared twice: every declaration read)
    # a tag names its quantity whatever the word (`{five}`): every name-shaped word in a tag
    return _whole(out, text, list(dict.fromkeys(_NAME.findall(" ".join(_TAG.findall(text))))))
