"""The read stage for datasets (``.csv``, ``.tsv``, ``.jsonl``): one claim per row -> :class:`~tallycheck.read.syntax.Document`.

Two layouts, told apart by the header (column names are matched without regard to case):

    source, quantity, value [, date, quote, url]     ``value`` is one number in any form of SPEC §3
    source, claim [, date, quote, url]               ``claim`` is a claim as in a .tally file

The column names can be mapped with the options ``source_column``, ``quantity_column``,
``value_column``, ``claim_column``, ``date_column``, ``quote_column`` and ``url_column``
(command line, config file; see docs/options.md).  Other columns are ignored.

Nothing is computed here: a value is kept as written (a :class:`~tallycheck.read.syntax.Number`)
and read by the build stage with the one number reader, like every other number; a claim
cell is read by the claims grammar (:func:`tallycheck.read.parse.parse_line`).  Every record
carries its location ``file:line:column`` (the line in the file: the header is line 1).
A row's source needs no declaration: sources come from the data (see :func:`finish_datasets`).
Problems are located diagnostics; nothing here raises for bad input.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from . import syntax as s
from ..diagnostics import Diagnostic, Location
from ..options import Options
from .dates import date_problem, valid_date
from .lines import split_lines

NAME = re.compile(r"(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*")  # a NAME of the grammar (grammars/tally.lark)
ROLES = ("source", "quantity", "value", "claim", "date", "quote", "url")


@dataclass(slots=True)
class Cell:
    text: str  # stripped, unquoted
    line: int  # 1-based line of the cell's first character
    column: int  # 1-based column of the cell's first character (inside any quotes)


class _Reader:
    def __init__(self, text: str, file: str, options: Options):
        if text.startswith("\ufeff"):
            text = text[1:]
        self.text = text
        self.file = file
        self.options = options
        self.lines = split_lines(text)
        self.doc = s.Document(file, text=text)
        self.doc.lines = len(self.lines)
        self.sources: set[str] = set()  # sources this file has declared

    def line_text(self, line: int) -> str | None:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else None

    def error(self, line: int, column: int, message: str, width: int = 1, code: str = "dataset") -> None:
        loc = Location(self.file, line, column, column + max(1, width))
        self.doc.diagnostics.append(Diagnostic(loc, message, code, self.line_text(line)))

    def at(self, cell: Cell) -> Location:
        """Where ``cell`` is: its first line, from its first character to its end (at least one column)."""
        text = cell.text
        width = text.index("\n") if "\n" in text else len(text)
        return Location(self.file, cell.line, cell.column, cell.column + (width or 1))


# --- records: CSV/TSV with cell positions -------------------------------------------------


def _delimited(r: _Reader, delimiter: str) -> list[tuple[int, list[Cell]]] | None:
    """The file's records as (line, cells), quoted cells (RFC 4180) included; None after an error."""
    out: list[tuple[int, list[Cell]]] = []
    lines = r.lines
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        start_line = i + 1
        if '"' not in line:
            cells = []
            col = 0
            for piece in line.split(delimiter):
                lead = len(piece) - len(piece.lstrip())
                cells.append(Cell(piece.strip(), start_line, col + lead + 1))
                col += len(piece) + 1
            out.append((start_line, cells))
            i += 1
            continue
        # a line with quotes: scan character by character (a quoted cell may go on over lines)
        cells = []
        pos = 0
        cur_line = i
        text = lines[cur_line]
        while True:
            while pos < len(text) and text[pos] in " \t" and text[pos] != delimiter:
                pos += 1
            if pos < len(text) and text[pos] == '"':
                open_line, open_col = cur_line, pos
                pos += 1
                parts: list[str] = []
                while True:
                    q = text.find('"', pos)
                    if q < 0:
                        parts.append(text[pos:])
                        cur_line += 1
                        if cur_line >= n:
                            r.error(open_line + 1, open_col + 1,
                                    "this quoted cell is never closed: a `\"` is missing (write `\"\"` for a "
                                    "quote mark inside a quoted cell)")
                            return None
                        parts.append("\n")
                        text = lines[cur_line]
                        pos = 0
                        continue
                    if q + 1 < len(text) and text[q + 1] == '"':
                        parts.append(text[pos:q + 1])
                        pos = q + 2
                        continue
                    parts.append(text[pos:q])
                    pos = q + 1
                    break
                value = "".join(parts)
                rest_end = text.find(delimiter, pos)
                rest = text[pos:] if rest_end < 0 else text[pos:rest_end]
                if rest.strip():
                    r.error(cur_line + 1, pos + 1,
                            f"unexpected text after a quoted cell: {rest.strip()[:20]!r} (write the whole cell "
                            "inside the quotes)")
                    return None
                lead = len(value) - len(value.lstrip())
                cells.append(Cell(value.strip(), open_line + 1, open_col + 2 + lead))
                if rest_end < 0:
                    break
                pos = rest_end + 1
            else:
                end = text.find(delimiter, pos)
                piece = text[pos:] if end < 0 else text[pos:end]
                cells.append(Cell(piece.strip(), cur_line + 1, pos + 1))
                if end < 0:
                    break
                pos = end + 1
        out.append((start_line, cells))
        i = cur_line + 1
    return out


def _jsonl(r: _Reader) -> list[tuple[int, dict[str, Cell]]]:
    """Each non-blank line a JSON object; values as exact strings (a JSON number is kept as written).
    A line that is not one is a located error, and the other lines are still read."""
    decoder = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=_no_constant)
    out: list[tuple[int, dict[str, Cell]]] = []
    for i, line in enumerate(r.lines):
        if not line.strip():
            continue
        lineno = i + 1
        try:
            cells = _json_object(line, lineno, decoder)
        except _JsonProblem as e:
            r.error(lineno, e.column, e.message)
            continue
        except json.JSONDecodeError as e:
            r.error(lineno, e.colno, f"not a JSON object: {e.msg} (each line of a .jsonl file is one JSON object)")
            continue
        except ValueError as e:  # NaN / Infinity
            r.error(lineno, 1, f"not a JSON object: {e}")
            continue
        out.append((lineno, cells))
    return out


class _JsonProblem(Exception):
    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message, self.column = message, column


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number tallycheck reads")


_WS = re.compile(r"[ \t\r\n]*")
# a \uD800-\uDFFF escape that is not half of a pair: JSON lets it be written, but it is no character
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _decode_anyway(line: str, decoder: json.JSONDecoder) -> None:
    """Raise the JSON error of a line that is not JSON at all (a located problem if it nests too deeply)."""
    try:
        decoder.decode(line)
    except RecursionError:
        raise _JsonProblem("not a JSON object: lists or objects nested too deeply (each line of a .jsonl file is "
                           "one flat JSON object)", 1) from None


def _text(value: str, raw: str, column: int) -> str:
    """A decoded JSON string, unless it holds a lone surrogate (`"\\ud800"`): then a located problem
    (no output format could write it)."""
    if _SURROGATE.search(value) is None:
        return value
    m = _LONE_SURROGATE.search(raw)
    escape = m.group() if m else "a \\u escape"
    raise _JsonProblem(f"{escape} is half of a surrogate pair, not a character: write the character itself "
                       "(the file is UTF-8)", column + (m.start() if m else 0))


def _json_object(line: str, lineno: int, decoder: json.JSONDecoder) -> dict[str, Cell]:
    """One JSON object read member by member, so that each value keeps its column."""
    pos = _WS.match(line, 0).end()
    if pos >= len(line) or line[pos] != "{":
        _decode_anyway(line, decoder)  # a JSON error if it is not JSON at all
        raise _JsonProblem("each line of a .jsonl file is one JSON object (`{\"source\": …, …}`)", pos + 1)
    pos = _WS.match(line, pos + 1).end()
    cells: dict[str, Cell] = {}
    if line.startswith("}", pos):
        end = pos + 1
    else:
        while True:
            if not line.startswith('"', pos):
                _decode_anyway(line, decoder)
                raise _JsonProblem("expected a key in double quotes", pos + 1)
            key_at = pos
            key, pos = decoder.raw_decode(line, pos)
            key = _text(key, line[key_at:pos], key_at + 1)
            pos = _WS.match(line, pos).end()
            if not line.startswith(":", pos):
                _decode_anyway(line, decoder)
                raise _JsonProblem("expected `:` after the key", pos + 1)
            pos = _WS.match(line, pos + 1).end()
            value_at = pos
            if line.startswith(("[", "{"), pos):  # refused unread: a list may nest past any stack
                what = "a list" if line[pos] == "[" else "an object"
                raise _JsonProblem(f"the value of {key!r} is {what}: give a string or a number", value_at + 1)
            value, pos = decoder.raw_decode(line, pos)
            if isinstance(value, bool):
                raise _JsonProblem(f"the value of {key!r} is true/false: give a string or a number", value_at + 1)
            text = "" if value is None else _text(value, line[value_at:pos], value_at + 1)
            col = value_at + 1 + (1 if line.startswith('"', value_at) else 0)
            lower = key.strip().lower()
            if lower in cells:
                raise _JsonProblem(f"the key {key!r} is given twice", value_at + 1)
            lead = len(text) - len(text.lstrip())
            cells[lower] = Cell(text.strip(), lineno, col + lead)
            pos = _WS.match(line, pos).end()
            if line.startswith(",", pos):
                pos = _WS.match(line, pos + 1).end()
                continue
            if line.startswith("}", pos):
                end = pos + 1
                break
            _decode_anyway(line, decoder)
            raise _JsonProblem("expected `,` or `}`", pos + 1)
    if line[end:].strip():
        raise _JsonProblem("unexpected text after the JSON object (one object per line)", end + 1)
    return cells


# --- rows -> claims -----------------------------------------------------------------------


def _columns(options: Options) -> dict[str, str]:
    """role -> column name (lower case) with the options' mapping."""
    return {role: getattr(options, f"{role}_column").strip().lower() for role in ROLES}


def read_dataset(text: str, file: str, options: Options = Options()) -> s.Document:
    """Read a dataset.  Never raises for bad input: problems become located diagnostics."""
    return read_rows(text, file, options)[0]


def read_rows(text: str, file: str, options: Options = Options()) -> tuple[s.Document, bool]:
    """:func:`read_dataset`, and whether its records could be told apart to the end (not
    so after a quoted cell never closed, or text after a quoted cell: then no row is read)."""
    r = _Reader(text, file, options)
    suffix = file.lower().rsplit(".", 1)[-1]
    if not text.strip():
        r.error(1, 1, "empty dataset: a .jsonl file holds one JSON object per line; a .csv/.tsv file starts "
                      "with a header row naming its columns (source, quantity, value … or source, claim)")
        return r.doc, True
    cols = _columns(options)
    if suffix == "jsonl":
        rows = _jsonl(r)
        if not rows:  # every line refused: no columns to speak of
            return r.doc, True
        keys = {k for _, cells in rows for k in cells}
        layout = _layout(r, cols, keys, header_line=None)
        if layout is None:
            return r.doc, True
        for line, cells in rows:
            _row(r, cols, layout, line, cells)
        return r.doc, True
    records = _delimited(r, "\t" if suffix == "tsv" else ",")
    if not records:
        return r.doc, records is not None
    header_line, header = records[0]
    names: dict[str, int] = {}
    for k, cell in enumerate(header):
        name = cell.text.lower()
        if not name:
            continue
        if name in names:
            r.error(cell.line, cell.column, f"the column {cell.text!r} is named twice in the header", len(cell.text))
            return r.doc, True
        names[name] = k
    layout = _layout(r, cols, set(names), header_line=header_line)
    if layout is None:
        return r.doc, True
    if len(records) == 1:
        r.error(header_line, 1, "the dataset has a header but no rows")
        return r.doc, True
    every_column_named = len(names) == len(header)  # then a row's cells pair with the names in order
    header_names = list(names)
    for line, cells in records[1:]:
        if len(cells) > len(header) and any(c.text for c in cells[len(header):]):
            extra = cells[len(header)]
            r.error(extra.line, extra.column,
                    f"this row has {len(cells)} cells but the header names {len(header)} columns")
            continue
        if every_column_named:
            by_name = dict(zip(header_names, cells))
        else:
            by_name = {name: cells[k] for name, k in names.items() if k < len(cells)}
        if not cells[0].text and not any(c.text for c in cells):  # a row of empty cells
            continue
        _row(r, cols, layout, line, by_name)
    return r.doc, True


def _layout(r: _Reader, cols: dict[str, str], present: set[str], header_line: int | None) -> str | None:
    """``claim`` or ``value`` (quantity, value); a located error when required columns are missing."""
    where = "header" if header_line is not None else "file"
    line = header_line or 1
    has_claim = cols["claim"] in present
    if has_claim and (cols["quantity"] in present or cols["value"] in present):
        r.error(line, 1, f"the {where} has both a {cols['claim']!r} column and {cols['quantity']!r}/"
                         f"{cols['value']!r} columns: a dataset uses one layout (source, claim) or "
                         "(source, quantity, value)")
        return None
    layout = "claim" if has_claim else "value"
    required = ["source", "claim"] if has_claim else ["source", "quantity", "value"]
    missing = [cols[role] for role in required if cols[role] not in present]
    if missing:
        found = ", ".join(sorted(present)) or "none"
        mapped = [f"{role}_column" for role in required if cols[role] != role and cols[role] in missing]
        hint = (f" (named by the option {', '.join(mapped)})" if mapped else
                "; map other names with the options source_column, quantity_column, value_column, claim_column")
        r.error(line, 1, f"no {' or '.join(repr(m) for m in missing)} column in the {where}{hint}; "
                         f"the columns are: {found}. A dataset has the columns source, quantity, value "
                         "(and optionally date, quote, url) or source, claim", code="dataset-columns")
        return None
    return layout


def _filled(cells: dict[str, Cell], column: str) -> Cell | None:
    """The row's cell in ``column``, unless the row has none there or it is empty."""
    c = cells.get(column)
    return c if c is not None and c.text else None


def _row(r: _Reader, cols: dict[str, str], layout: str, line: int, cells: dict[str, Cell]) -> None:
    src = _filled(cells, cols["source"])
    if src is None:
        _missing(r, cells, cols["source"], line, ": every row names its source")
        return
    if src.text not in r.sources and not NAME.fullmatch(src.text):  # a source met before was a name
        r.error(src.line, src.column,
                f"{src.text!r} cannot be a source id: use letters, digits, `_`, `-` and dots, not starting "
                "with a digit", len(src.text))
        return
    date = _filled(cells, cols["date"])
    why = date_problem(date.text) if date is not None else None
    if why is not None:
        r.error(date.line, date.column, why, len(date.text))  # type: ignore[union-attr]
        return
    quote_cell = _filled(cells, cols["quote"])
    quote = " ".join(quote_cell.text.split()) if quote_cell is not None else None
    r_date = date.text if date is not None else None
    if src.text not in r.sources:
        r.sources.add(src.text)
        r.doc.sources.append(s.SourceDecl(src.text, None, None, None, r.at(src)))

    if layout == "value":
        q, v = _filled(cells, cols["quantity"]), _filled(cells, cols["value"])
        if q is None or v is None:
            role = "quantity" if q is None else "value"
            _missing(r, cells, cols[role], line)
            return
        if not NAME.fullmatch(q.text):
            r.error(q.line, q.column,
                    f"{q.text!r} cannot be a quantity name: use letters, digits, `_`, `-` and dots "
                    "(`votes.north.red`), not starting with a digit", len(q.text))
            return
        if "\n" in v.text:
            r.error(v.line, v.column, "a value is one number on one line", 1)
            return
        ref = s.Ref(q.text, None, r.at(q))
        at_value = r.at(v)
        rel = s.Relation(ref, "=", s.Number(v.text, at_value))
        r.doc.claims.append(s.RawClaim("structured", rel, None, f"{q.text} = {v.text}", quote, src.text, at_value,
                                       r_date))
        return

    c = _filled(cells, cols["claim"])
    if c is None:
        _missing(r, cells, cols["claim"], line)
        return
    if "\n" in c.text:
        r.error(c.line, c.column, "a claim is one line", 1)
        return
    from .parse import add_claims, parse_line

    real_line = r.line_text(c.line) or ""
    padded = " " * (c.column - 1) + c.text
    item, problem = parse_line(padded, r.file, c.line)
    if problem is not None:
        r.doc.diagnostics.append(replace(problem, source_line=real_line))
        return
    if item is None:
        return
    kind, payload = item
    if kind != "claim":
        what = {"attributed": "a `SOURCE: claim` (put the source in its column)"}.get(kind, f"a `{kind}` statement")
        r.error(c.line, c.column, f"a claim cell holds one claim such as `x = 5` or `about 250 killed`, not {what}",
                len(c.text))
        return
    form, pairs, quote_token = payload
    first = len(r.doc.claims)
    add_claims(r.doc, form, pairs, quote_token, src.text, real_line, c.line, r.file)
    for k in range(first, len(r.doc.claims)):
        claim = r.doc.claims[k]
        r.doc.claims[k] = replace(claim, quote=claim.quote or quote, date=r_date)


def _missing(r: _Reader, cells: dict[str, Cell], column: str, line: int, why: str = "") -> None:
    """A row without a value in a required column: point at the empty cell (or the row's start)."""
    empty = cells.get(column)
    where = (empty.line, empty.column) if empty is not None else (line, 1)
    r.error(*where, f"this row has no {column!r}{why}")


# --- across files ---------------------------------------------------------------------------


def finish_datasets(documents: list[s.Document], is_dataset: list[bool]) -> None:
    """What the whole run decides about datasets, in place.

    - A source named in rows is declared by the first dataset that names it, unless a
      claims file or an article declares it (with its name, date and url).
    - A row's date dates its claims about quantities declared ``cumulative`` (anywhere in
      the run), as ``Q@DATE`` would; claims about other quantities ignore dates (SPEC §5).
    """
    declared = {src.id for doc, ds in zip(documents, is_dataset) if not ds for src in doc.sources}
    cumulative = {name for doc in documents for dec in doc.declares if dec.kind == "cumulative"
                  for name, _ in dec.names}
    for doc, ds in zip(documents, is_dataset):
        if not ds:
            continue
        kept = []
        for src in doc.sources:
            if src.id not in declared:
                declared.add(src.id)
                kept.append(src)
        doc.sources[:] = kept
        if cumulative:
            doc.claims[:] = dated_claims(doc.claims, cumulative)


def dated_claims(claims: list[s.RawClaim], cumulative: set[str] | frozenset[str]) -> list[s.RawClaim]:
    """A dataset's claims with each row's date on its ``cumulative`` quantities."""
    return [replace(claim, relation=_dated(claim.relation, claim.date, cumulative))
            if claim.date and claim.relation is not None else claim for claim in claims]


def _dated(e, date: str, cumulative: set[str] | frozenset[str]):
    if isinstance(e, s.Ref):  # a Ref, or a Word (a name that may be a number): dated as a name
        return replace(e, date=date) if e.date is None and e.name in cumulative else e
    if isinstance(e, s.Relation):
        return s.Relation(_dated(e.left, date, cumulative), e.op, _dated(e.right, date, cumulative))
    if isinstance(e, s.BinOp):
        return s.BinOp(e.op, _dated(e.left, date, cumulative), _dated(e.right, date, cumulative), e.regrouped)
    if isinstance(e, s.Neg):
        return s.Neg(_dated(e.operand, date, cumulative))
    if isinstance(e, s.ShareOf):
        return s.ShareOf(e.share, _dated(e.base, date, cumulative))
    return e
