"""The read stage: a ``.tally`` text -> :class:`~tallycheck.read.syntax.Document`.

The file is split into lines here (indentation puts a claim under the ``source``
above it); each line is parsed on its own with the lark grammar, so one bad line
is reported and the others are still read.
"""

from __future__ import annotations

import re

from lark import Token, Transformer, v_args
from lark.exceptions import UnexpectedEOF, UnexpectedInput

from . import syntax as s
from ..diagnostics import Diagnostic, Location
from .fastline import read_common_line
from .grammar import parser
from .syntax_errors import describe

TAG = re.compile(r"\{([^{}]*)\}")
ESCAPE = re.compile(r"\\(.)")


class LineTransformer(Transformer):
    """One method per meaningful rule; ``file``/``lineno``/``line`` are set per line."""

    cur_file = ""
    cur_lineno = 0
    cur_text = ""

    def _loc(self, meta_or_token) -> Location:
        col = getattr(meta_or_token, "column", 1) or 1
        end = getattr(meta_or_token, "end_column", None)
        return Location(self.cur_file, self.cur_lineno, col, end)

    def _text(self, meta) -> str:
        return self.cur_text[meta.start_pos : meta.end_pos]

    # --- numbers and quantities
    @v_args(meta=True)
    def number(self, meta, _children):
        return s.Number(self._text(meta), self._loc(meta))

    @v_args(meta=True)
    def phrase_value(self, meta, _children):
        return s.Number(self._text(meta), self._loc(meta))

    @v_args(meta=True)
    def quantity(self, meta, children):
        name, date = children
        return s.Ref(str(name), str(date) if date is not None else None, self._loc(meta))

    # --- expressions
    def add(self, c):
        return s.BinOp("+", c[0], c[2])

    def sub(self, c):
        return s.BinOp("-", c[0], c[2])

    def mul(self, c):
        return s.BinOp("*", c[0], c[1])

    def div(self, c):
        return s.BinOp("/", c[0], c[1])

    def neg(self, c):
        return s.Neg(c[1])

    def pos(self, c):
        return c[1]

    def share_of(self, c):
        return s.ShareOf(c[0], c[1])

    @v_args(meta=True)
    def sum_of(self, meta, c):
        return s.SumOf(str(c[0]), self._loc(meta))

    # --- relations
    def relation(self, c):
        return s.Relation(c[0], str(c[1]), c[2])

    def bounds(self, c):
        return s.Bounds(c[0], c[1])

    def within(self, c):
        return s.Relation(c[0], "in", c[1])

    @v_args(meta=True)
    def phrase(self, meta, c):
        # NUMBER QUANTITY [to NUMBER QUANTITY]: each pair is one claim
        return [
            (s.Relation(q, "=", n), f"{n.text} {q.name}", n.loc)
            for n, q in zip(c[0::2], c[1::2])
        ]

    # --- statements (returned as (kind, payload, meta) for the line reader)
    @v_args(meta=True)
    def structured(self, meta, c):
        rel, quote = c
        end = quote.start_pos if quote is not None else meta.end_pos
        text = self.cur_text[meta.start_pos : end].strip()
        return ("claim", ("structured", [(rel, text, self._loc(meta))], quote))

    @v_args(meta=True)
    def phrase_claim(self, meta, c):
        pairs, quote = c
        return ("claim", ("phrase", pairs, quote))

    @v_args(meta=True)
    def annotated(self, meta, c):
        return ("claim", ("tag", [], c[0]))

    def attributed(self, c):
        kind, payload = c[1]
        return ("attributed", (str(c[0]), payload))

    @v_args(meta=True)
    def title(self, meta, c):
        return ("title", c[0])

    @v_args(meta=True)
    def source(self, meta, c):
        ident, name, date, url = c
        return (
            "source",
            s.SourceDecl(
                str(ident),
                unquote(name) if name is not None else None,
                str(date) if date is not None else None,
                str(url)[1:-1] if url is not None else None,
                self._loc(meta),
            ),
        )

    @v_args(meta=True)
    def define(self, meta, c):
        rel, quote = c
        end = quote.start_pos if quote is not None else meta.end_pos
        text = self.cur_text[meta.start_pos : end].strip()
        text = text[len("define") :].strip()
        return ("define", s.Define(rel, text, self._loc(meta)))

    def kind(self, c):
        return str(c[0])

    @v_args(meta=True)
    def declare(self, meta, c):
        names = tuple((str(t), Location(self.cur_file, self.cur_lineno, t.column, t.end_column)) for t in c[1:])
        return ("declare", s.Declare(c[0], names, self._loc(meta)))

    @v_args(meta=True)
    def setting(self, meta, c):
        name, value = c
        return (
            "setting",
            s.Setting(
                str(name),
                str(value).strip(),
                Location(self.cur_file, self.cur_lineno, name.column, name.end_column),
                Location(self.cur_file, self.cur_lineno, value.column, value.end_column),
            ),
        )

    def line(self, c):
        return c[0] if c else None

    # --- tags: the inside of {...}
    @v_args(meta=True)
    def tag(self, meta, c):
        q, op, expr = c
        return (q, str(op) if op is not None else None, expr)


def unquote(token: Token | str) -> str:
    return ESCAPE.sub(r"\1", str(token)[1:-1])


_TRANSFORMER = LineTransformer()


def parse_document(text: str, file: str) -> s.Document:
    """Read a whole ``.tally`` text.  Never raises for bad input: problems become diagnostics."""
    if text.startswith("\ufeff"):
        text = text[1:]
    doc = s.Document(file, text=text)
    lines = text.split("\n")
    doc.lines = len(lines)
    current_source: str | None = None
    unread_source = 0  # the line of a `source` statement that could not be read, while under it
    for lineno, raw in enumerate(lines, start=1):
        if not raw:  # blank: a shard's text is mostly empty lines (tallycheck.run.shard)
            continue
        line = raw[:-1] if raw[-1] == "\r" else raw
        stripped = line.lstrip(" \t")
        if not stripped or stripped[0] == "#":
            continue
        indented = len(stripped) != len(line)
        if not indented:  # a line that is not indented closes the source above it
            current_source = None
            unread_source = 0
        item = read_common_line(line, file, lineno)
        if item is None:
            item, problem = parse_line_with_grammar(line, file, lineno)
            if problem is not None:
                doc.diagnostics.append(problem)
                if not indented and _SOURCE_WORD.match(stripped):
                    unread_source = lineno  # the claims under it are not given to another source
                continue
            if item is None:
                continue
        kind, payload = item
        if kind == "claim" or kind == "attributed":
            if kind == "attributed":
                source, (form, pairs, quote) = payload
            else:
                form, pairs, quote = payload
                source = current_source if indented else None
                if source is None:
                    why = (
                        f"the `source` line above it (line {unread_source}) could not be read"
                        if indented and unread_source
                        else "it is indented, but not under a `source` line"
                        if indented
                        else "indent it under a `source` line, or write `SOURCE: claim`"
                    )
                    doc.diagnostics.append(
                        Diagnostic(_line_start(file, lineno, line, stripped), f"a claim outside any source: {why}",
                                   "no-source", line)
                    )
                    continue
            add_claims(doc, form, pairs, quote, source, line, lineno, file)
        elif kind == "source":
            if indented:
                doc.diagnostics.append(
                    Diagnostic(_line_start(file, lineno, line, stripped),
                               "a `source` line starts a new source and cannot be indented", "indent", line)
                )
                continue
            doc.sources.append(payload)
            current_source = payload.id
        else:
            if kind == "title":
                doc.title = unquote(payload)
            elif kind == "define":
                doc.defines.append(payload)
            elif kind == "declare":
                doc.declares.append(payload)
            elif kind == "setting":
                doc.settings.append(payload)
    return doc


_SOURCE_WORD = re.compile(r"source(?![\w.-])")


def _line_start(file: str, lineno: int, line: str, stripped: str) -> Location:
    """Where a line's statement starts (after its indentation), for a diagnostic about the whole line."""
    return Location(file, lineno, len(line) - len(stripped) + 1)


def parse_line(line: str, file: str, lineno: int) -> tuple[tuple | None, Diagnostic | None]:
    """One line with the grammar's ``line`` rule: ``((kind, payload) or None, None)`` or ``(None, problem)``.

    Columns are those of ``line``: to read a piece of a bigger text (a dataset cell), pad
    it on the left with spaces so that its columns come out right.
    """
    item = read_common_line(line, file, lineno)
    if item is not None:
        return item, None
    return parse_line_with_grammar(line, file, lineno)


def parse_line_with_grammar(line: str, file: str, lineno: int) -> tuple[tuple | None, Diagnostic | None]:
    """:func:`parse_line` without the fast path: the grammar of record, always."""
    lark = parser()
    tr = _TRANSFORMER
    tr.cur_file, tr.cur_lineno, tr.cur_text = file, lineno, line
    try:
        tree = lark.parse(line, start="line")
        return tr.transform(tree), None
    except UnexpectedInput as e:
        col = getattr(e, "column", 1)
        at_end = isinstance(e, UnexpectedEOF) or getattr(getattr(e, "token", None), "type", "") == "$END"
        if at_end or not isinstance(col, int) or col < 1:
            col = len(line.rstrip()) + 1
        message = describe(e, lambda t: lark.parse(t, start="line"))
        return None, Diagnostic(Location(file, lineno, col), message, "syntax", line)


def add_claims(doc, form, pairs, quote_token, source, line, lineno, file) -> None:
    """The claims of one parsed claim statement (its pairs, and the tags of its quote) into ``doc``."""
    quote_text = None
    tags: tuple[s.Tag, ...] | list[s.Tag] = ()
    if quote_token is not None:
        quote_text, tags = _read_quote(doc, quote_token, line, lineno, file)
    claims = doc.claims
    for rel, text, loc in pairs:
        claims.append(s.RawClaim(form, rel, None, text, quote_text, source, loc))
    for tag in tags:
        q = tag.quantity
        text = f"{{{tag.body}}}"
        rel = s.Relation(q, tag.op, tag.value) if tag.op is not None else None
        doc.claims.append(s.RawClaim("tag", rel, tag, text, quote_text, source, q.loc))


def _read_quote(doc, token: Token, line: str, lineno: int, file: str) -> tuple[str, tuple | list[s.Tag]]:
    """The quote's text with tags removed, and its tags (bodies parsed with the ``tag`` rule)."""
    raw = token[1:-1]  # a Token is a str: its slice is the plain text inside the quote marks
    if "{" not in raw and "\\" not in raw:  # no tags, no escapes: the words as written
        return " ".join(raw.split()), ()
    base_col = token.column + 1  # column of the first character inside the quote
    pieces, tags = read_tags(raw, file, lineno, base_col, line, doc.diagnostics)
    text = " ".join("".join(pieces).split())
    return text, tags


def read_tags(
    raw: str,
    file: str,
    lineno: int,
    base_col: int,
    line: str,
    diagnostics: list[Diagnostic],
    *,
    pattern: re.Pattern = TAG,
    unescape=lambda piece: ESCAPE.sub(r"\1", piece),
) -> tuple[list[str], list[s.Tag]]:
    """The ``{Q}`` / ``{Q REL EXPR}`` tags of one line's text ``raw`` (which starts at column
    ``base_col`` of ``line``), each parsed with the ``tag`` rule and located in the file.

    Returns the text pieces between the tags (unescaped; joined they are the text with its
    tags removed) and the tags.  A tag that cannot be read is a diagnostic, and is removed.
    Shared by quotes in ``.tally`` files and by annotated prose (tallycheck.read.prose).
    """
    clean: list[str] = []
    tags: list[s.Tag] = []
    segment_start_raw = 0
    segment_text: list[str] = []
    pos = 0
    lark = parser()
    tr = _TRANSFORMER
    saved = tr.cur_file, tr.cur_lineno, tr.cur_text
    tr.cur_file, tr.cur_lineno = file, lineno
    for m in pattern.finditer(raw):
        piece = unescape(raw[pos : m.start()])
        clean.append(piece)
        segment_text.append(piece)
        body = m.group(1)
        body_col = base_col + m.start() + 1
        before = "".join(segment_text)
        before_loc = Location(file, lineno, base_col + segment_start_raw)
        try:
            tree = lark.parse(body, start="tag")
            # positions inside the tag are relative to the body; shift them by re-basing the line
            tr.cur_text = body
            q, op, expr = tr.transform(tree)
        except UnexpectedInput as e:
            col = body_col + max(0, (getattr(e, "column", 1) or 1) - 1)
            diagnostics.append(
                Diagnostic(
                    Location(file, lineno, col),
                    "cannot read this tag: write `{quantity}` after a number, or `{quantity = value}`",
                    "tag",
                    line,
                )
            )
        else:
            q = _shift(q, body_col - 1)
            tags.append(s.Tag(q, body.strip(), op, _shift_expr(expr, body_col - 1), before, before_loc))
        pos = m.end()
        segment_start_raw = m.end()
        segment_text = []
    tr.cur_file, tr.cur_lineno, tr.cur_text = saved
    clean.append(unescape(raw[pos:]))
    return clean, tags


def _shift(ref: s.Ref, by: int) -> s.Ref:
    loc = ref.loc
    end = loc.end_column + by if loc.end_column else None
    return s.Ref(ref.name, ref.date, Location(loc.file, loc.line, loc.column + by, end))


def _shift_expr(expr, by: int):
    """Move locations of a tag body's expression to the tag's place in the line."""
    if expr is None:
        return None
    if isinstance(expr, s.Ref):
        return _shift(expr, by)
    if isinstance(expr, s.Number):
        loc = expr.loc
        return s.Number(expr.text, Location(loc.file, loc.line, loc.column + by, (loc.end_column or loc.column) + by))
    if isinstance(expr, s.BinOp):
        return s.BinOp(expr.op, _shift_expr(expr.left, by), _shift_expr(expr.right, by))
    if isinstance(expr, s.Neg):
        return s.Neg(_shift_expr(expr.operand, by))
    if isinstance(expr, s.ShareOf):
        return s.ShareOf(_shift_expr(expr.share, by), _shift_expr(expr.base, by))
    if isinstance(expr, s.SumOf):
        loc = expr.loc
        return s.SumOf(expr.prefix, Location(loc.file, loc.line, loc.column + by, loc.end_column))
    if isinstance(expr, s.Bounds):
        return s.Bounds(_shift_expr(expr.low, by), _shift_expr(expr.high, by))
    return expr
