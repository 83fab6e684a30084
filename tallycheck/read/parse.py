"""The read stage: a ``.tally`` text -> :class:`~tallycheck.read.syntax.Document`.

The file is split into lines here (indentation puts a claim under the ``source``
above it); each line is parsed on its own with the lark grammar, so one bad line
is reported and the others are still read.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress

from lark import Token, Transformer_NonRecursive, v_args
from lark.exceptions import UnexpectedEOF, UnexpectedInput, VisitError

from . import syntax as s
from ..diagnostics import Diagnostic, Location
from ..numbers import NumberError, read_number
from .dates import date_problem
from .expressions import SHORT_TEXT, regrouped, too_deep
from .fastline import read_common_line
from .grammar import parser
from .lines import split_lines
from .syntax_errors import UNCLOSED_QUOTE, describe

TAG = re.compile(r"\{([^{}]*)\}")
ESCAPE = re.compile(r"\\(.)")
_ONE_NAME = re.compile(r"(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\Z")  # the grammar's NAME, whole


@lru_cache(maxsize=4096)
def spells_a_number(word: str) -> bool:
    """Whether a lone word (``five``, ``half``, ``twice``, ``twenty-one``, ``thousands``) is a
    complete number on its own: the number reader reads it alone.  ``a`` and ``an`` are not
    (the reader takes a lone ``a`` as 1 only where nothing but a number can stand)."""
    if word.lower() in ("a", "an"):
        return False
    try:
        read_number(word)
    except NumberError:
        return False
    return True


_SHARE_OF_A_WORD = re.compile(r"(.*\S)(\s+of\s+)(\S+)\Z", re.S | re.I)


def _share_of_a_word(text: str, token: Token, file: str, lineno: int) -> s.ShareOf | None:
    """``half of a``: the number words run on into the base of a share, a lone word that is a
    name (``a``) or may be (``five``).  None when the words read as one number (``half of a
    million``) or end in no such word."""
    m = _SHARE_OF_A_WORD.match(text)
    if m is None or not _ONE_NAME.match(m.group(3)):
        return None
    try:
        read_number(text)
        return None  # one number
    except NumberError:
        pass
    col = token.column
    share_end, base_start = col + len(m.group(1)), col + m.end(2)
    base = m.group(3)
    base_loc = Location(file, lineno, base_start, base_start + len(base))
    ref = s.Word(base, None, base_loc) if spells_a_number(base) else s.Ref(base, None, base_loc)
    return s.ShareOf(s.Number(m.group(1), Location(file, lineno, col, share_end)), ref)


MAX_BACKSLASHES = 1000  # in one line (escapes in a quote); past it, a located error


class LineProblem(Exception):
    """A line the grammar takes that is still wrong (a quote not closed, an impossible date),
    raised by the transformer with its column and turned into a located diagnostic."""

    def __init__(self, column: int, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def _closed(quote: Token | None) -> Token | None:
    """``quote``, if its closing mark is there (the QUOTE terminal also takes an unclosed quote
    to the end of the line, so that a long one is read in linear time)."""
    if quote is not None:
        body = str(quote)
        backslashes = len(body) - 1 - len(body[:-1].rstrip("\\"))
        if len(body) < 2 or body[-1] != '"' or backslashes % 2:
            raise LineProblem(quote.column, UNCLOSED_QUOTE)
    return quote


def _date(token: Token | None) -> str | None:
    if token is None:
        return None
    why = date_problem(str(token))
    if why is not None:
        raise LineProblem(token.column, why)
    return str(token)


class LineTransformer(Transformer_NonRecursive):
    """One method per meaningful rule; ``file``/``lineno``/``line`` are set per line.  Not
    recursive: a line may hold a sum of any length."""

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

    bound = phrase_value  # a range end: the number as written, its sign included

    @v_args(meta=True)
    def quantity(self, meta, children):
        name, date = children
        return s.Ref(str(name), _date(date), self._loc(meta))

    @v_args(meta=True)
    def word(self, meta, children):
        """One run of number words alone as a term: a name, a number, or both (a :class:`~.syntax.Word`)."""
        token, date = children
        text = str(token)
        loc = self._loc(meta)
        if not _ONE_NAME.match(text):  # words with spaces between: a number (`a dozen`) …
            if date is not None:
                raise LineProblem(date.column, f"'{text}' is a number: only a quantity is dated with @")
            share = _share_of_a_word(text, token, self.cur_file, self.cur_lineno)
            return share if share is not None else s.Number(text, loc)  # … or a share of a name (`half of a`)
        if date is not None:
            return s.Ref(text, str(date), loc)
        return s.Word(text, None, loc) if spells_a_number(text) else s.Ref(text, None, loc)

    # --- expressions
    def add(self, c):
        return s.BinOp("+", c[0], c[2])

    def sub(self, c):
        return s.BinOp("-", c[0], c[2])

    def mul(self, c):
        return s.BinOp("*", c[0], c[1])

    def div(self, c):
        return s.BinOp("/", c[0], c[1])

    @v_args(meta=True)
    def neg(self, meta, c):
        operand = c[1]
        text = self._text(meta)
        if type(operand) is s.Number and operand.text[:1] not in "-−+" and text[1:].strip() == operand.text:
            return s.Number(text, self._loc(meta))  # a negative number, `-12.5`: its sign is part of the figure
        return s.Neg(operand)  # `-x`, `-(5)`, `- -5`

    def pos(self, c):
        return c[1]

    def share_of(self, c):
        share = c[0]
        if not isinstance(share, s.Number):  # a lone word before `of` is a number: `half of x`
            share = s.Number(share.name, share.loc)
        return s.ShareOf(share, c[1])

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
        rel, quote = c[0], _closed(c[1])
        end = quote.start_pos if quote is not None else meta.end_pos
        text = self.cur_text[meta.start_pos : end].strip()
        return ("claim", ("structured", [(rel, text, self._loc(meta))], quote))

    @v_args(meta=True)
    def phrase_claim(self, meta, c):
        pairs, quote = c
        return ("claim", ("phrase", pairs, _closed(quote)))

    @v_args(meta=True)
    def annotated(self, meta, c):
        return ("claim", ("tag", [], _closed(c[0])))

    def attributed(self, c):
        source, (kind, payload) = c
        if not _ONE_NAME.match(source):  # number words with spaces: not a source's id
            raise LineProblem(source.column, f"'{source}' cannot be a source's id")
        return ("attributed", (str(source), payload))

    @v_args(meta=True)
    def title(self, meta, c):
        return ("title", _closed(c[0]))

    @v_args(meta=True)
    def source(self, meta, c):
        ident, name, date, url = c
        return (
            "source",
            s.SourceDecl(
                str(ident),
                unquote(_closed(name)) if name is not None else None,
                _date(date),
                str(url)[1:-1] if url is not None else None,
                self._loc(meta),
            ),
        )

    @v_args(meta=True)
    def define(self, meta, c):
        rel, quote = c[0], _closed(c[1])
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
    lines = split_lines(text)
    doc.lines = len(lines)
    current_source: str | None = None
    unread_source = 0  # the line of a `source` statement that could not be read, while under it
    # the empty lines skipped without a step of this loop each: a shard's text is mostly
    # empty lines (tallycheck.run.shard), 16 shards of 1M claims 30 million of them
    for lineno, line in compress(enumerate(lines, start=1), lines):
        stripped = line.lstrip(" \t")
        if not stripped or stripped[0] == "#":
            continue
        indented = len(stripped) != len(line)
        if not indented:  # a line that is not indented closes the source above it
            current_source = None
            unread_source = 0
        item, problem = parse_line(line, file, lineno)
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
    it on the left with spaces so that its columns come out right.  Long sums come out
    regrouped, and an expression nested too deeply is a problem (tallycheck.read.expressions).
    """
    item = read_common_line(line, file, lineno)
    problem = None
    if item is None:
        item, problem = parse_line_with_grammar(line, file, lineno)
    if item is None:
        return None, problem
    return _bounded(item, file, lineno, line)


def parse_line_with_grammar(line: str, file: str, lineno: int) -> tuple[tuple | None, Diagnostic | None]:
    """The grammar of record, always (:func:`parse_line` without the fast path, nor the
    regrouping of long sums)."""
    if line.count("\\") > MAX_BACKSLASHES:  # each escape costs the lexer a few hundred bytes
        at = -1
        for _ in range(MAX_BACKSLASHES + 1):
            at = line.find("\\", at + 1)
        return None, Diagnostic(Location(file, lineno, at + 1),
                                f"more than {MAX_BACKSLASHES} backslashes in one line: a quote writes `\\\"` for a "
                                "quote mark and `\\\\` for a backslash, but not this many", "syntax", line)
    lark = parser()
    tr = _TRANSFORMER
    tr.cur_file, tr.cur_lineno, tr.cur_text = file, lineno, line
    try:
        tree = lark.parse(line, start="line")
        return tr.transform(tree), None
    except VisitError as e:
        if not isinstance(e.orig_exc, LineProblem):
            raise
        p = e.orig_exc
        return None, Diagnostic(Location(file, lineno, p.column), p.message, "syntax", line)
    except UnexpectedInput as e:
        col = getattr(e, "column", 1)
        at_end = isinstance(e, UnexpectedEOF) or getattr(getattr(e, "token", None), "type", "") == "$END"
        if at_end or not isinstance(col, int) or col < 1:
            col = len(line.rstrip()) + 1
        message = describe(e, lambda t: lark.parse(t, start="line"))
        return None, Diagnostic(Location(file, lineno, col), message, "syntax", line)


def _bounded(item: tuple, file: str, lineno: int, line: str) -> tuple[tuple | None, Diagnostic | None]:
    """A parsed line with its long sums regrouped, or the problem of an expression nested too deeply."""
    kind, payload = item
    if len(line) <= SHORT_TEXT:
        return item, None
    if kind == "define":
        relation, problem = _bounded_relation(payload.relation, payload.loc, line)
        return ((kind, s.Define(relation, payload.text, payload.loc)), None) if problem is None else (None, problem)
    if kind not in ("claim", "attributed"):
        return item, None
    form, pairs, quote = payload if kind == "claim" else payload[1]
    kept = []
    for relation, text, loc in pairs:
        relation, problem = _bounded_relation(relation, loc, line)
        if problem is not None:
            return None, problem
        kept.append((relation, text, loc))
    claim = (form, kept, quote)
    return (kind, claim if kind == "claim" else (payload[0], claim)), None


def _bounded_relation(relation: s.Relation, loc: Location, line: str) -> tuple[s.Relation, Diagnostic | None]:
    left = regrouped(relation.left)
    right = relation.right if isinstance(relation.right, s.Bounds) else regrouped(relation.right)
    why = too_deep(left) or too_deep(right)
    if why is not None:
        return relation, Diagnostic(loc, why, "syntax", line)
    if left is relation.left and right is relation.right:
        return relation, None
    return s.Relation(left, relation.op, right), None


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
    if "{" not in raw and "}" not in raw and "\\" not in raw:  # no tags, no escapes: the words as written
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
        _stray_braces(raw, pos, m.start(), base_col, file, lineno, line, diagnostics)
        try:
            tree = lark.parse(body, start="tag")
            # positions inside the tag are relative to the body; shift them by re-basing the line
            tr.cur_text = body
            q, op, expr = tr.transform(tree)
            if expr is not None and len(body) > SHORT_TEXT:
                expr = regrouped(expr)
                why = too_deep(expr)
                if why is not None:
                    raise LineProblem(1, why)
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
        except (VisitError, LineProblem) as e:
            p = e.orig_exc if isinstance(e, VisitError) else e
            if not isinstance(p, LineProblem):
                raise
            diagnostics.append(Diagnostic(Location(file, lineno, body_col + p.column - 1), p.message, "tag", line))
        else:
            q = _shift(q, body_col - 1)
            tags.append(s.Tag(q, body.strip(), op, _shift_expr(expr, body_col - 1), before, before_loc))
        pos = m.end()
        segment_start_raw = m.end()
        segment_text = []
    tr.cur_file, tr.cur_lineno, tr.cur_text = saved
    _stray_braces(raw, pos, len(raw), base_col, file, lineno, line, diagnostics)
    clean.append(unescape(raw[pos:]))
    return clean, tags


_STRAY_BRACE = re.compile(r"(?<!\\)[{}]")


def _stray_braces(raw: str, start: int, end: int, base_col: int, file: str, lineno: int, line: str,
                  diagnostics: list[Diagnostic]) -> None:
    """A ``{`` or ``}`` between tags is a tag not closed (``about 5{x people``), never dropped quietly."""
    m = _STRAY_BRACE.search(raw, start, end)
    if m is None:
        return
    message = ("a tag is not closed: this `{` needs a `}`" if m.group() == "{" else
               "this `}` closes no tag: a tag is written `{quantity}` or `{quantity = value}`")
    diagnostics.append(Diagnostic(Location(file, lineno, base_col + m.start()), message, "tag", line))


def _shift(ref: s.Ref, by: int) -> s.Ref:
    loc = ref.loc
    end = loc.end_column + by if loc.end_column else None
    return type(ref)(ref.name, ref.date, Location(loc.file, loc.line, loc.column + by, end))  # a Ref or a Word


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
        return s.BinOp(expr.op, _shift_expr(expr.left, by), _shift_expr(expr.right, by), expr.regrouped)
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
