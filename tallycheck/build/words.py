"""Lone number words read both ways: ``x = five`` (docs/language.md, "Names and number words").

The read stage leaves a lone word that spells a number on its own (``five``, ``half``,
``twice``) standing as a term as a :class:`~tallycheck.read.syntax.Word`.  Here each such
word is tried as the number and as a quantity name; the readings that make a valid claim
(it builds, and it is about a quantity) are kept.  One valid reading is taken quietly
(``one = 5`` is about a quantity named ``one``); two or more make the line an error that
shows both readings of each word that could go either way.
"""

from __future__ import annotations

from itertools import product
from typing import Callable

from ..diagnostics import Location
from ..numbers import Reading
from ..numbers.numtext import exact_string
from ..read import syntax as s
from .constraints import BuildError

MAX_WORDS = 8  # lone number words in one claim tried both ways (2**8 readings)


class Ambiguous(Exception):
    """Readings of one claim that are all valid: one (message, location) per word that could go either way."""

    def __init__(self, problems: list[tuple[str, Location]]):
        super().__init__(problems[0][0])
        self.problems = problems


def words_in(expr, out: list[s.Word] | None = None) -> list[s.Word]:
    """The :class:`~tallycheck.read.syntax.Word` terms of a relation or expression, in order."""
    out = [] if out is None else out
    if type(expr) is s.Word:
        out.append(expr)
    elif isinstance(expr, (s.Relation, s.BinOp)):
        words_in(expr.left, out)
        words_in(expr.right, out)
    elif isinstance(expr, s.Neg):
        words_in(expr.operand, out)
    elif isinstance(expr, s.ShareOf):
        words_in(expr.base, out)
    return out


def has_words(e) -> bool:
    """Does a relation or expression hold a lone number word?  (Quick: most claims are ``q = N``.)"""
    t = type(e)
    if t is s.Ref or t is s.Number or t is s.SumOf:
        return False
    if t is s.Word:
        return True
    if t is s.Relation or t is s.BinOp:
        return has_words(e.left) or has_words(e.right)
    if t is s.Neg:
        return has_words(e.operand)
    if t is s.ShareOf:
        return has_words(e.base)
    return False


def choose(relation: s.Relation, build: Callable[[s.Relation], object], number: Callable[[s.Word], Reading],
           definition: bool):
    """``(relation, built)`` of the one valid reading of ``relation``'s lone number words.

    ``build(relation)`` builds one reading or raises :class:`BuildError` (not a valid claim);
    ``number(word)`` reads a word as the number it spells.  When no reading is valid, the
    error of reading every word as a number is raised (what the line said before names
    could be number words); when several are, :class:`Ambiguous`.
    """
    words = words_in(relation)
    if len(words) > MAX_WORDS:
        raise Ambiguous([(f"{len(words)} words here could each be a number or a quantity name; write the numbers "
                          "in digits, or give the quantities names that are not number words", words[0].loc)])
    valid: list[tuple[tuple[bool, ...], s.Relation, object]] = []
    first_error: BuildError | None = None
    for as_number in product((True, False), repeat=len(words)):
        reading = _substitute(relation, dict(zip(map(id, words), as_number)), {})
        try:
            valid.append((as_number, reading, build(reading)))
        except BuildError as e:
            if first_error is None:
                first_error = e
    if len(valid) == 1:
        return valid[0][1], valid[0][2]
    if not valid:
        assert first_error is not None
        raise first_error
    problems = []
    for k, word in enumerate(words):
        if len({choice[k] for choice, _, _ in valid}) == 2:  # valid as the number and as a name
            problems.append((_message(relation, word, number(word), definition), word.loc))
    raise Ambiguous(problems)


def _substitute(expr, as_number: dict[int, bool], shown: dict[int, str]):
    """``expr`` with each Word (by id) made a Number (``as_number[id]``; written as ``shown[id]``
    when given) or a plain quantity name; Words not listed are left as they are."""
    if type(expr) is s.Word:
        choice = as_number.get(id(expr))
        if choice is None:
            return expr
        if choice:
            return s.Number(shown.get(id(expr), expr.name), expr.loc)
        return s.Ref(expr.name, expr.date, expr.loc)
    if isinstance(expr, s.Relation):
        return s.Relation(_substitute(expr.left, as_number, shown), expr.op, _substitute(expr.right, as_number, shown))
    if isinstance(expr, s.BinOp):
        return s.BinOp(expr.op, _substitute(expr.left, as_number, shown), _substitute(expr.right, as_number, shown),
                       expr.regrouped)
    if isinstance(expr, s.Neg):
        return s.Neg(_substitute(expr.operand, as_number, shown))
    if isinstance(expr, s.ShareOf):
        return s.ShareOf(expr.share, _substitute(expr.base, as_number, shown))
    return expr


def _message(relation: s.Relation, word: s.Word, reading: Reading, definition: bool) -> str:
    iv = reading.interval
    if iv.exact and iv.low is not None:
        v = iv.low
        figure = str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
        what, write = f"the number {figure}", figure
    else:  # a vague plural: `thousands`
        low = exact_string(iv.low) if iv.low is not None else "0"
        high = exact_string(iv.high) if iv.high is not None else "any"
        what, write = f"a number from {low} to {high}", f"between {low} and {high}"
    key = {id(word): True}
    as_number = s.relation_text(_substitute(relation, key, {id(word): write}))
    as_name = s.relation_text(_substitute(relation, {id(word): False}, {}))
    if definition:
        as_number, as_name = f"define {as_number}", f"define {as_name}"
    return (f"'{word.name}' could be {what} ({as_number}) or a quantity named {word.name} ({as_name}); "
            f"write {write} for the number, or give the quantity a name that is not a number word")
