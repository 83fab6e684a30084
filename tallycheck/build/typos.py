"""Names that may be misspelt (issue 11): a quantity that one statement alone names, whose
name is close to another quantity's, gets a warning there -- "`kiled` appears only here;
did you mean `killed`?".  A misspelt name would otherwise make a quantity of its own, free
of the others' claims, and the story would read consistent.

A name is *written* by a statement when it appears in it as a quantity: a claim, a tag, a
``define``, a declaration (``count x``); ``sum(prefix.*)`` writes no name.  A candidate is
a quantity of the model written by one statement only.

**The closeness rule.**  Two names are close when

1. they have as many dotted segments, and are the same (ignoring case) in all but one;
2. in that segment, the runs of digits are the same (``round1``/``round2``,
   ``votes.2023``/``votes.2024`` are numbered series, not slips);
3. the segment's words (split at ``_`` and ``-``), when there are as many on both sides,
   differ in at most one word, and that pair of words -- or, when the number of words
   differs (a separator added or lost), the two whole segments -- is
   - the same but for case or separators, or
   - one edit apart (a letter inserted, deleted or replaced, or two neighbours swapped)
     with at least 4 letters in the shorter: one slip in four letters or more.

Two slips in one word are not taken for a typo: at two edits, names that are different
words begin to meet (``north``/``south``, ``male``/``female``), and a warning that
``--strict`` makes an error must be one a reader agrees with.

So ``kiled``/``killed``, ``votes.labuor``/``votes.labour``, ``killedcivilians``/
``killed_civilians`` and ``Killed``/``killed`` are close; ``votes.a``/``votes.b`` (a
hierarchy's short labels), ``returned.swap``/``released.swap`` (four edits),
``men_killed``/``women_killed`` (the words ``men``/``women``: two edits in three letters)
and ``north``/``south`` are not.

The suggestion is the close name written most often, then the nearest, then the first in
alphabetical order; when it too is written only once, both get a warning, each naming the
other (which of the two is the slip cannot be told).  Nothing depends on the order of the
lines.

**Fast**: no two names are compared unless they share all segments but one (a group, made
in one pass over the names; only the groups that hold a candidate are looked at), their
segments without separators are within one letter of each other's length, and, in a
group of more than 8 names, the same digits in that segment and then, if more than 8
still, a bucket of a deletion-neighbourhood index: the segment with at most one letter
deleted (two strings one edit apart always share such a string).  The work grows with the
number of names, not its square; in a bucket at most 32 names are compared with a
candidate (only a made-up input fills one: ``killX`` for thousands of letters ``X``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, fields, is_dataclass
from itertools import chain
from typing import Callable, Iterable

from ..diagnostics import Diagnostic, Location
from ..read import syntax as s

_LETTERS = 4  # the shorter word of a slip has at least this many letters (one edit in four)
_DIGITS = re.compile(r"\d+")
_DIGIT_MARK = "#"  # stands for a run of digits in a skeleton (never in a name)
_SEP = "\x00"  # joins the parts of an index key (never in a name)


def typo_warnings(documents: list[s.Document], quantities: Iterable[str],
                  line_of: Callable[[Location], str | None]) -> list[Diagnostic]:
    """A warning for each quantity written once whose name is close to another name written."""
    return warnings_for([written(documents, quantities, line_of)])


@dataclass
class Written:
    """What one part of the input writes (the whole of it, or a shard of it checked apart):
    how many claims and definitions write each name (each statement is in one part only),
    where each declaration is (declarations are read by every part that needs them, so
    they are counted once each, by where they are), and, for each quantity one claim or
    definition of the part writes, where and its line (the warning's place, if it is the
    only statement that writes it)."""

    counts: dict[str, int]
    declared: dict[str, dict[Location, Location]]  # name -> {a declaration: where it names it}
    once: dict[str, tuple[Location, str | None, bool]]  # name -> (where, its line, whether a quantity)


def written(documents: list[s.Document], quantities: Iterable[str],
            line_of: Callable[[Location], str | None]) -> Written:
    counts, where = written_names(documents, declarations=False)
    declared: dict[str, dict[Location, Location]] = {}
    for doc in documents:
        for dec in doc.declares:
            for name, loc in dec.names:
                declared.setdefault(name, {}).setdefault(dec.loc, loc)
    quantities = set(quantities)
    once = {}
    for name, n in counts.items():
        if n == 1:
            loc = where[name]
            loc = Location(loc.file, loc.line, loc.column, loc.column + len(name))
            once[name] = (loc, line_of(loc), name in quantities)
    return Written(counts, declared, once)


def warnings_for(parts: list[Written]) -> list[Diagnostic]:
    """The warnings of the whole input, from what each of its parts writes: a candidate is a
    quantity written by one statement of all the parts."""
    declared: dict[str, dict[Location, Location]] = {}
    for part in parts:
        for name, where in part.declared.items():
            declared.setdefault(name, {}).update(where)

    def count(name: str) -> int:
        return sum(part.counts.get(name, 0) for part in parts) + len(declared.get(name, ()))

    # A candidate is written once in its part, in no other part, and declared nowhere: found
    # with set intersections, not by counting every name over the parts (a million names).
    once = {name: found for part in parts for name, found in part.once.items()}
    possible = {name for name, (_, _, quantity) in once.items() if quantity}
    seen = Counter()
    for part in parts:
        seen.update(possible.intersection(part.counts))
    candidates = sorted(name for name in possible if seen[name] == 1 and name not in declared)
    if not candidates:
        return []
    out = []
    names = chain.from_iterable(part.counts for part in parts)
    for name, near in sorted(close_names(candidates, chain(names, declared)).items()):
        counts = {m: count(m) for m in near}
        best = min(near, key=lambda m: (-counts[m], _distance_of(name, m), m))
        message = f"`{name}` appears only here; did you mean `{best}`?"
        if counts[best] == 1:
            there = once[best][0] if best in once else next(iter(declared[best].values()))
            there = Location(there.file, there.line, there.column)
            message = f"`{name}` appears only here; did you mean `{best}` (also named only once, at {there})?"
        loc, line, _ = once[name]
        out.append(Diagnostic(loc, message, "typo", line, severity="warning"))
    return out


def written_names(documents: list[s.Document], declarations: bool = True
                  ) -> tuple[dict[str, int], dict[str, Location]]:
    """How many statements write each name, and where the first of them (in file order)
    writes it (without ``declarations``: claims and definitions only)."""
    counts: dict[str, int] = {}
    where: dict[str, Location] = {}
    Ref, Number = s.Ref, s.Number

    def count(found: dict[str, Location]) -> None:
        for name, loc in found.items():
            counts[name] = counts.get(name, 0) + 1
            if name not in where:
                where[name] = loc

    for doc in documents:
        for d in doc.defines:
            count(_refs(d.relation))
        for dec in doc.declares if declarations else ():
            found: dict[str, Location] = {}
            for name, loc in dec.names:
                found.setdefault(name, loc)
            count(found)
        for c in doc.claims:
            rel = c.relation
            if c.tag is None and rel is not None and type(rel.left) is Ref and type(rel.right) is Number:
                name = rel.left.name  # the commonest claim, `x = 5`: one name
                counts[name] = counts.get(name, 0) + 1
                if name not in where:
                    where[name] = rel.left.loc
                continue
            found = _refs(rel)
            if c.tag is not None:
                found.setdefault(c.tag.quantity.name, c.tag.quantity.loc)
            count(found)
    return counts, where


def _refs(node, found: dict[str, Location] | None = None) -> dict[str, Location]:
    """The names of the ``Ref`` nodes under ``node`` (any expression or relation, whatever
    its kind), each with where it is first written."""
    found = {} if found is None else found
    kind = type(node)
    if kind is s.Ref:
        if node.name not in found:
            found[node.name] = node.loc
        return found
    if kind is tuple or kind is list:
        for item in node:
            _refs(item, found)
        return found
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = _fields_to_walk(kind)
    for name in names:
        _refs(getattr(node, name), found)
    return found


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields_to_walk(kind: type) -> tuple[str, ...]:
    """The fields of a syntax node that may hold expressions (none for a number, a
    location, a string or anything else that is not a record)."""
    if not is_dataclass(kind) or kind in (s.Number, Location):
        return ()
    return tuple(f.name for f in fields(kind) if f.name != "loc")


# --- closeness ---------------------------------------------------------------------------

def close_names(candidates: Iterable[str], names: Iterable[str]) -> dict[str, list[str]]:
    """Each candidate -> the other names close to it (the rule of the module), sorted.

    Names are first put in groups that share all segments but one (the group's position);
    only the groups that hold a candidate are looked at closer."""
    wanted = set(candidates)
    positions: dict[str, int] = {}
    for name in wanted:
        for i, head in enumerate(_heads(name)):
            positions[head] = i
    groups: dict[str, list[str]] = {}
    # names of two segments (the commonest), looked up by each segment (what _heads gives)
    two = [name.casefold().split(".") for name in wanted if name.count(".") == 1]
    firsts, seconds = {first for first, _ in two}, {second for _, second in two}
    for name in wanted.union(names):
        folded = name.casefold()
        if folded.count(".") == 1:
            first, _, second = folded.partition(".")
            if second in seconds:
                groups.setdefault(f"0{_SEP}{second}", []).append(name)
            if first in firsts:
                groups.setdefault(f"1{_SEP}{first}", []).append(name)
            continue
        for head in _heads(name):
            if head in positions:
                groups.setdefault(head, []).append(name)
    found: dict[str, set[str]] = {}
    for head, members in groups.items():
        for alike in _same_digits(members, positions[head], wanted):
            if len(alike) <= _FEW:  # each candidate against the others
                pairs = _few(alike, positions[head], wanted)
            else:
                pairs = _alike(sorted(alike), positions[head], wanted)
            for name, other in pairs:
                if close(name, other):
                    found.setdefault(name, set()).add(other)
    return {name: sorted(near) for name, near in found.items()}


def _same_digits(members: list[str], position: int, wanted: set[str]) -> list[list[str]]:
    """The names of a group (all segments but one the same) in smaller groups that have the
    same runs of digits in that segment (rule 2), those of two names or more with a
    candidate among them (a group of a few names is left whole)."""
    if len(members) < 2:
        return []
    if len(members) <= _FEW:
        return [members]
    by_digits: dict[str, list[str]] = {}
    for name in members:
        digits = ",".join(_DIGITS.findall(name.casefold().split(".")[position]))
        by_digits.setdefault(digits, []).append(name)
    return [alike for alike in by_digits.values() if len(alike) > 1 and not wanted.isdisjoint(alike)]


def _few(alike: list[str], position: int, wanted: set[str]):
    """The pairs (candidate, other name) of a small group that may be close: those whose
    segments, without their separators, are as long or one letter longer or shorter.  Two
    close names always are (one edit, or only case and separators apart); a numbered series
    of stories (``s17.score``, ``s17.respondents``, ``s17.total``) mostly is not (83,000
    pairs at 1M claims, each compared by the rule: the search 1.58 -> 1.37 s)."""
    size = {}
    for name in alike:
        segment = name.casefold().split(".")[position]
        size[name] = len(segment) - segment.count("_") - segment.count("-")
    return ((name, other) for name in wanted.intersection(alike) for other in alike
            if other != name and -1 <= size[name] - size[other] <= 1)


def _heads(name: str) -> list[str]:
    """The group of a name for each of its segments: the name with that segment left out
    (and its position)."""
    segments = name.casefold().split(".")
    if len(segments) == 1:
        return [""]
    if len(segments) == 2:
        return [f"0{_SEP}{segments[1]}", f"1{_SEP}{segments[0]}"]
    return [_SEP.join((str(i), *segments[:i], *segments[i + 1:])) for i in range(len(segments))]


_MOST = 32  # names in one bucket compared with a candidate
_FEW = 8  # a group of at most this many names compares each candidate with the others (no buckets)


def _alike(members: list[str], position: int, wanted: set[str]):
    """The pairs (candidate, other name) of a group (sorted) that may be close: those that
    share a bucket -- the same digits, and the segment with at most one letter deleted (two
    strings one edit apart always share one).  At most ``_MOST`` of a bucket, in order."""
    buckets: dict[str, list[str]] = {}
    keys: dict[str, list[str]] = {}
    for name in members:
        segment = name.casefold().split(".")[position]
        skeleton = _skeleton(segment)
        digits = ",".join(_DIGITS.findall(segment)) + _SEP
        letters = len(skeleton) - skeleton.count(_DIGIT_MARK)
        mine = sorted(digits + v for v in _deletions(skeleton, letters >= _LETTERS))
        if name in wanted:
            keys[name] = mine
        for key in mine:
            buckets.setdefault(key, []).append(name)
    for name, mine in keys.items():
        near: set[str] = set()
        for key in mine:
            near.update(buckets[key][:_MOST + 1])
        near.discard(name)
        yield from ((name, other) for other in near)


def _deletions(text: str, one: bool) -> set[str]:
    """``text`` and, when ``one``, ``text`` with one of its letters deleted (a digit mark is
    never deleted)."""
    out = {text}
    if one:
        out.update(text[:i] + text[i + 1:] for i, ch in enumerate(text) if ch != _DIGIT_MARK)
    return out


def close(a: str, b: str) -> bool:
    """Whether names ``a`` and ``b`` (not equal) are close by the rule of the module."""
    return a != b and _distance_of(a, b) is not None


def _distance_of(a: str, b: str) -> int | None:
    """The edits between the differing parts of two close names (0: case or separators
    only); None when they are not close."""
    sa, sb = a.casefold().split("."), b.casefold().split(".")
    if len(sa) != len(sb):
        return None
    differing = [i for i, (x, y) in enumerate(zip(sa, sb)) if x != y]
    if len(differing) > 1:
        return None
    if not differing:
        return 0  # the same but for case
    x, y = sa[differing[0]], sb[differing[0]]
    if _DIGITS.findall(x) != _DIGITS.findall(y):
        return None
    x, y = _skeleton(x), _skeleton(y)
    wx, wy = x.split("_"), y.split("_")
    if len(wx) == len(wy):
        words = [(p, q) for p, q in zip(wx, wy) if p != q]
        if len(words) > 1:
            return None
        if not words:
            return 0  # the same but for separators
        x, y = words[0]
    if min(len(x) - x.count(_DIGIT_MARK), len(y) - y.count(_DIGIT_MARK)) < _LETTERS:
        return None
    return 1 if _one_edit(x, y) else None


def _skeleton(segment: str) -> str:
    """A segment (case folded) as compared: each run of digits one mark, ``-`` as ``_``."""
    return _DIGITS.sub(_DIGIT_MARK, segment).replace("-", "_")


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one edit apart: a letter inserted, deleted or replaced,
    or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i, n = 0, min(len(a), len(b))
    while i < n and a[i] == b[i]:
        i += 1
    if len(a) == len(b):  # one replaced, or two neighbours swapped
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return short[i:] == long[i + 1:]
