"""What the read stage produces: statements and expressions as written, with locations.

Nothing here is interpreted yet: a :class:`Number` holds its text, which the build
stage reads into an interval with the file's options.

The records are compared and hashed by value and are never changed once made (to change
one, make a new one with ``dataclasses.replace``).  They are not declared ``frozen``: a
frozen dataclass sets each field through ``object.__setattr__``, which makes creating one
about three times slower, and reading 100k claims creates over a million of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from ..diagnostics import Diagnostic, Location


# --- expressions -------------------------------------------------------------------


@dataclass(slots=True, unsafe_hash=True)
class Number:
    text: str
    loc: Location


@dataclass(slots=True, unsafe_hash=True)
class Ref:
    name: str
    date: str | None
    loc: Location


@dataclass(slots=True, unsafe_hash=True)
class Word(Ref):
    """A lone word that spells a number on its own (``five``, ``half``, ``twice``), standing
    as a term where a quantity name may stand too (``x = five``, ``one = 5``).

    It is a :class:`Ref` (so whatever collects the names a statement mentions counts it),
    but the build stage reads it both ways and keeps the reading that makes a valid claim;
    when both do, the line is an error that shows both (docs/language.md, "Names and
    number words").  Nothing after the build stage sees a ``Word``.
    """


@dataclass(slots=True, unsafe_hash=True)
class BinOp:
    op: str  # + - * /
    left: "Expr"
    right: "Expr"
    # made by regrouping a long sum (tallycheck.read.expressions): written back without the
    # parentheses regrouping put around its right side, as the sum was written
    regrouped: bool = field(default=False, compare=False)


@dataclass(slots=True, unsafe_hash=True)
class Neg:
    operand: "Expr"


@dataclass(slots=True, unsafe_hash=True)
class ShareOf:
    """``42.7% of voters``: a share of a base that presupposes a positive base."""

    share: Number
    base: "Expr"


@dataclass(slots=True, unsafe_hash=True)
class SumOf:
    """``sum(prefix.*)``: every quantity directly under ``prefix``."""

    prefix: str
    loc: Location


Expr = Union[Number, Ref, Word, BinOp, Neg, ShareOf, SumOf]


@dataclass(slots=True, unsafe_hash=True)
class Bounds:
    low: Number
    high: Number


@dataclass(slots=True, unsafe_hash=True)
class Relation:
    left: Expr
    op: str  # = != < <= > >= ~ in
    right: "Expr | Bounds"


# --- statements --------------------------------------------------------------------


@dataclass(slots=True, unsafe_hash=True)
class SourceDecl:
    id: str
    name: str | None
    date: str | None
    url: str | None
    loc: Location


@dataclass(slots=True, unsafe_hash=True)
class Define:
    relation: Relation
    text: str
    loc: Location


@dataclass(slots=True, unsafe_hash=True)
class Declare:
    kind: str  # count | amount | real | cumulative
    names: tuple[tuple[str, Location], ...]
    loc: Location


@dataclass(slots=True, unsafe_hash=True)
class Setting:
    name: str
    value: str
    loc: Location  # of the option's name
    value_loc: Location


@dataclass(slots=True, unsafe_hash=True)
class Tag:
    """A ``{Q}`` or ``{Q REL EXPR}`` tag inside a quote.

    ``before`` is the quote's text (tags removed) from the previous tag up to this
    one: the number of a bare ``{Q}`` tag is read from its end.
    """

    quantity: Ref
    body: str  # the tag's inside, as written
    op: str | None
    value: Expr | None
    before: str
    before_loc: Location  # where ``before`` starts in the file


@dataclass(slots=True, unsafe_hash=True)
class RawClaim:
    """One claim as written.  ``relation`` is set, except for a bare ``{Q}`` tag."""

    form: str  # structured | phrase | tag
    relation: Relation | None
    tag: Tag | None
    text: str  # the claim as written (for tags: the number and the tag)
    quote: str | None
    source: str | None  # the source id it is under (None: outside any source)
    loc: Location
    date: str | None = None  # a dataset row's date (dates a claim about a `cumulative` quantity)


@dataclass
class Document:
    """One input file, read."""

    file: str
    title: str | None = None
    sources: list[SourceDecl] = field(default_factory=list)
    defines: list[Define] = field(default_factory=list)
    declares: list[Declare] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    claims: list[RawClaim] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: int = 0
    text: str | None = None  # the file's text, for carets under later diagnostics


def to_text(expr, name=None) -> str:
    """An expression written back as text; ``name(ref)`` may substitute a quantity's figure."""
    return _text(expr, 0, name or _plain_name)


# (Module functions, not closures within to_text: two closures that call each other are a
# reference cycle, and it held whatever ``name`` refers to -- an assembled report's figures,
# the whole model -- until a collection walked it: a second of a shard of 75,000 claims.)

def _plain_name(ref) -> str:
    return ref.name if ref.date is None else f"{ref.name}@{ref.date}"


def _text(e, parent: int, name) -> str:
    if isinstance(e, Number):
        return e.text
    if isinstance(e, Ref):
        return name(e)
    if isinstance(e, SumOf):
        return f"sum({e.prefix}.*)"
    if isinstance(e, Neg):
        return "-" + _text(e.operand, 3, name)
    if isinstance(e, ShareOf):
        return f"{e.share.text} of {_text(e.base, 3, name)}"
    if isinstance(e, Bounds):
        return f"{e.low.text}..{e.high.text}"
    if isinstance(e, BinOp) and e.op in "+-":
        terms: list[tuple[bool, str]] = []
        _terms(e, False, terms, name)
        text = terms[0][1] + "".join(f" {'-' if minus else '+'} {t}" for minus, t in terms[1:])
        return f"({text})" if 1 < parent else text
    if isinstance(e, BinOp):
        prec = 2
        text = f"{_text(e.left, prec, name)} {e.op} {_text(e.right, prec + 1, name)}"
        return f"({text})" if prec < parent else text
    raise TypeError(e)


def _terms(e, minus: bool, out: list[tuple[bool, str]], name) -> None:
    # the terms of a sum, each with its sign: a sum on the left is written on (as a sum is
    # read, from the left), and so is a part of a long sum that regrouping made (on the
    # right, its signs relative to its first term); a sum the writer put in parentheses
    # inside a long sum keeps them
    left, right = e.left, e.right
    if isinstance(left, BinOp) and left.op in "+-" and (left.regrouped or not e.regrouped):
        _terms(left, minus, out, name)
    else:
        out.append((minus, _text(left, 1 if not e.regrouped else 2, name)))
    minus_right = minus != (e.op == "-")
    if isinstance(right, BinOp) and right.regrouped:
        _terms(right, minus_right, out, name)
    else:
        out.append((minus_right, _text(right, 2, name)))


def relation_text(rel: Relation, name=None) -> str:
    op = "in" if rel.op == "in" else rel.op
    return f"{to_text(rel.left, name)} {op} {to_text(rel.right, name)}"
