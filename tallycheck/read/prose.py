"""The read stage for annotated prose (``.md``, ``.txt``): an article -> :class:`~tallycheck.read.syntax.Document`.

An annotated article starts with a front-matter block that names its source::

    ---
    source: simonyan
    name: Margarita Simonyan, Rossiya Segodnya
    date: 2024-01-31
    url: https://example.org/article
    ---
    … an additional 75{returned.extra} soldiers returned home in exchange for five{released.extra} …

Every ``{Q}`` / ``{Q = EXPR}`` tag in the body is a claim exactly as in an annotated quote of
a ``.tally`` file (the tags are read by :func:`tallycheck.read.parse.read_tags`), its quote the
sentence around it with the tags removed, its location the tag's line and column.
Problems are located diagnostics; nothing here raises for bad input.
"""

from __future__ import annotations

import bisect
import re

from . import syntax as s
from ..diagnostics import Diagnostic, Location
from ..numbers import NumberError, ReadOptions, number_before
from .dates import date_problem
from .lines import split_lines
from .parse import read_tags

PROSE_SUFFIXES = (".md", ".markdown", ".txt")
FRONT_MATTER_KEYS = ("source", "name", "date", "url", "title")

# a tag; `\{` writes a literal brace in prose
PROSE_TAG = re.compile(r"(?<!\\)\{([^{}]*)\}")
_UNESCAPE = re.compile(r"\\([{}])")
SOURCE_ID = re.compile(r"(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*")  # a NAME of the grammar
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_FENCE = re.compile(r"[ ]{0,3}(```|~~~)")
_BLOCK_START = re.compile(r"[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d+[.)][ \t]|>)")
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")
_MARKER = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.M)
# a sentence ends with . ! ? or … (and any closing quotes or brackets) before a space
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof gen col lt sgt capt jr sr vs etc e.g i.e approx no nos fig u.s u.k u.n "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def has_front_matter(text: str) -> bool:
    """Whether ``text`` starts with a ``---`` line (how a folder search recognises an article)."""
    first = split_lines(text.lstrip("\ufeff")[:4096])[0]
    return first.rstrip() == "---"


def read_prose(text: str, file: str, options: ReadOptions = ReadOptions()) -> s.Document:
    """Read an annotated article.  Never raises for bad input: problems become diagnostics.

    ``options`` only decides where the number before a tag starts (``decimal_comma``);
    the build stage reads every number with the options in force.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    doc = s.Document(file, text=text)
    lines = split_lines(text)
    doc.lines = len(lines)
    body_start, source_id = _front_matter(doc, lines)
    markdown = not file.lower().endswith(".txt")

    # the body, line by line: tags read, tags removed (``clean``), other lines blanked
    clean_lines = [""] * len(lines)
    line_tags: list[tuple[int, s.Tag, int]] = []  # (line index, tag, offset in the clean line)
    pieces_at: dict[int, list[tuple[int, int]]] = {}  # line index -> [(clean offset, raw offset)]
    in_fence = False
    for i in range(body_start, len(lines)):
        line = lines[i]
        if markdown and _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if "{" not in line:
            clean_lines[i] = line
            continue
        pieces, tags = read_tags(
            line, file, i + 1, 1, line, doc.diagnostics, pattern=PROSE_TAG, unescape=_unescape
        )
        clean_lines[i] = "".join(pieces)
        starts = [0] + [m.end() for m in PROSE_TAG.finditer(line)]
        offsets: list[tuple[int, int]] = []
        acc = 0
        for piece, raw_start in zip(pieces, starts):
            offsets.append((acc, raw_start))
            acc += len(piece)
        pieces_at[i] = offsets
        for tag in tags:
            # the tag follows the piece that starts where its `before` starts
            k = starts.index(tag.before_loc.column - 1)
            line_tags.append((i, tag, offsets[k][0] + len(pieces[k])))

    if not line_tags:
        return doc
    full = "\n".join(clean_lines)
    line_starts = [0]
    for ln in clean_lines[:-1]:
        line_starts.append(line_starts[-1] + len(ln) + 1)
    bounds = _sentence_bounds(full, clean_lines, line_starts, markdown)

    def location(offset: int) -> Location:
        i = bisect.bisect_right(line_starts, offset) - 1
        col = offset - line_starts[i]
        raw = col
        for clean_at, raw_at in pieces_at.get(i, ()):
            if clean_at <= col:
                raw = raw_at + (col - clean_at)
        return Location(file, i + 1, raw + 1)

    for i, tag, at in line_tags:
        offset = line_starts[i] + at
        k = bisect.bisect_left(bounds, offset)
        start, end = bounds[k - 1] if k > 0 else 0, bounds[k] if k < len(bounds) else len(full)
        quote = _quote_text(full[start:end])
        relation = None
        if tag.op is not None:
            relation = s.Relation(tag.quantity, tag.op, tag.value)  # type: ignore[arg-type]
        else:
            relation = _number_across_lines(full, offset, line_starts[i], tag, options, location)
        if source_id is None:
            continue
        doc.claims.append(
            s.RawClaim("tag", relation, tag, f"{{{tag.body}}}", quote or None, source_id, tag.quantity.loc)
        )
    return doc


def _unescape(piece: str) -> str:
    return _UNESCAPE.sub(r"\1", piece)


def _number_across_lines(full, offset, line_start, tag, options, location) -> s.Relation | None:
    """The number before a bare ``{Q}`` tag when it starts on an earlier line ("more than\\n200{killed}").

    None leaves the tag to the build stage, which reads the number from the tag's own line
    (and reports any problem with it, located).
    """
    try:
        found = number_before(full, offset, options)
    except NumberError:
        return None
    if found is None or found[0] >= line_start:
        return None
    start, reading = found
    text = " ".join(reading.text.split())
    return s.Relation(tag.quantity, "=", s.Number(text, location(start)))


def _front_matter(doc: s.Document, lines: list[str]) -> tuple[int, str | None]:
    """Read the ``---`` block: declare its source.  Returns (first body line index, source id)."""
    file = doc.file
    if not lines or lines[0].rstrip() != "---":
        doc.diagnostics.append(
            Diagnostic(
                Location(file, 1, 1),
                "no front matter: an annotated article starts with a `---` block naming its source, "
                "e.g. `source: simonyan` (then `name:`, `date:`, `url:`), closed by `---`",
                "front-matter",
                lines[0] if lines else "",
            )
        )
        return 0, None
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        doc.diagnostics.append(
            Diagnostic(Location(file, 1, 1), "the front matter opened here is never closed by a `---` line",
                       "front-matter", lines[0])
        )
        return len(lines), None
    values: dict[str, tuple[str, Location]] = {}
    for i in range(1, close):
        line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        m = _KEY_VALUE.fullmatch(line.strip())
        if m is None:
            doc.diagnostics.append(
                Diagnostic(Location(file, i + 1, indent + 1), "front matter lines are `key: value`",
                           "front-matter", line)
            )
            continue
        key = m.group(1).lower()
        value = _unquote(m.group(2).strip())
        value_col = indent + m.start(2) + 1
        if key in values:
            doc.diagnostics.append(
                Diagnostic(Location(file, i + 1, indent + 1),
                           f"`{key}:` is given twice in the front matter (first at line {values[key][1].line})",
                           "front-matter", line)
            )
            continue
        # other keys (author, tags, layout, …) belong to other tools and are left alone
        values[key] = (value, Location(file, i + 1, value_col, value_col + max(1, len(m.group(2).strip()))))

    def problem(key: str, message: str) -> None:
        loc = values[key][1]
        doc.diagnostics.append(Diagnostic(loc, message, "front-matter", lines[loc.line - 1]))

    source_id: str | None = None
    if "source" not in values or not values["source"][0]:
        loc = values["source"][1] if "source" in values else Location(file, 1, 1)
        doc.diagnostics.append(
            Diagnostic(loc, "the front matter names no source: add a line `source: ID` (the source's id)",
                       "front-matter", lines[loc.line - 1])
        )
    elif not SOURCE_ID.fullmatch(values["source"][0]):
        problem("source", f"{values['source'][0]!r} cannot be a source id: use letters, digits, `_`, `-` "
                          "and dots, not starting with a digit (put the full name in `name:`)")
    else:
        source_id = values["source"][0]
    date = values.get("date", ("", None))[0] or None
    why = date_problem(date) if date is not None else None
    if why is not None:
        problem("date", why)
        date = None
    url = values.get("url", ("", None))[0] or None
    if url and url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    title = values.get("title", ("", None))[0] or None
    if title:
        doc.title = title
    if source_id is not None:
        src_loc = values["source"][1]
        doc.sources.append(
            s.SourceDecl(source_id, values.get("name", ("", None))[0] or None, date, url,
                         Location(file, src_loc.line, 1))
        )
    return close + 1, source_id


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _sentence_bounds(full: str, lines: list[str], line_starts: list[int], markdown: bool) -> list[int]:
    """Sorted offsets where sentences start or end: sentence ends, blank lines, headings, list items."""
    bounds = {0, len(full)}
    for m in _SENTENCE_END.finditer(full):
        if m.group().startswith(".") and _abbreviation_before(full, m.start()):
            continue
        bounds.add(m.end())
    for i, line in enumerate(lines):
        start = line_starts[i]
        if not line.strip():
            bounds.add(start)
            bounds.add(start + len(line))
        elif markdown and _BLOCK_START.match(line):
            bounds.add(start)
            if _HEADING.match(line):
                bounds.add(start + len(line))
    return sorted(bounds)


def _abbreviation_before(full: str, dot: int) -> bool:
    """``Mr.``, ``U.S.``, ``e.g.`` and initials (``J.``) do not end a sentence."""
    start = dot
    while start > 0 and (full[start - 1].isalpha() or full[start - 1] == "."):
        start -= 1
    word = full[start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and full[start].isupper())


def _quote_text(text: str) -> str:
    """The sentence as a quote: Markdown line markers and emphasis removed, spaces collapsed."""
    text = _MARKER.sub("", text)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    return " ".join(text.split())
