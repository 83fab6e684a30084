""":func:`~.box.lump` of many big selections of one problem's claims, each in a few steps.

The conflict search checks a part's claims again and again: all of them but a few (the
cover), and a few of them with the definitions (each conflict shrunk claim by claim).  With
``sum(share.*) = 100%`` over 50,000 rounded shares, each check lumped 150,000 constraints, or
the definitions' 50,000 (0.3 s, 0.12 s; a story with fifteen wrong figures made 34 checks of a
few claims and ran out of its budget).  A check that differs from the whole part, or from its
definitions alone, by a few constraints changes the boxes of the few quantities they bound,
and nothing else -- unless it takes away the last constraint of a form or brings in the first,
which changes which variables are whose own.  So each of those two selections (a *base*) is
lumped once, as :func:`~.box.lump` does, keeping each variable's bounds in order; a selection
a few constraints away from one is then its lump with those few boxes bounded again and their
terms taken out of and put back into their lump's sum.  A form left out lets the variables it
shared with another join that one's lump; a form brought in takes its variables out of their
lump (their bounds are then the reduced problem's own).  When that changes which forms have
lumps, and for a selection far from both bases, it is :func:`~.box.lump` of the selection.

The answer is :func:`~.box.lump`'s, the same objects in the same order (a property test keeps
the two equal): the boxes' first tightest bounds, the lumps' exact sums, the first empty box in
the lumps' order, the reduced constraints in the problem's order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

from . import box as _box
from .box import (Lump, Reduced, _Sum, add_term, boxes_and_forms, empty_box, lump, lump_bounds, lump_name,
                  own_terms, reduced_constraint)
from .linear import prep
from .problem import Constraint, Problem

#: a selection at most this share of the constraints away from a base is lumped from it
FEW = 8


class Lumps:
    """:func:`~.box.lump` of big selections of ``problem``'s claims (:meth:`of`).  Each base (the
    whole problem, its fixed constraints) is lumped as it is the first time a selection is near
    it (one decision needs no more), and kept at the second."""

    __slots__ = ("problem", "never", "bounded", "forms", "holders", "at", "bases", "seen")

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.never: bool | None = None  # no selection is lumped (its fixed constraints are of no shape lump takes)
        # made with the first base (:meth:`_positions`)
        self.bounded: dict[str, list[int]] = {}  # a variable -> the positions of its bounds, in order
        self.forms: dict[int, tuple] = {}  # the position of a constraint of several variables -> its form
        self.holders: dict[str, list[tuple]] = {}  # a variable -> the forms that hold it
        self.at: dict[int, dict[str, int]] = {}  # id of a form -> each variable's place in it
        self.bases: dict[str, _Base | None] = {}  # "whole", "fixed" -> its lump (None: not of the shape)
        self.seen: dict[str, int] = {}

    def of(self, labels: frozenset[int], least: int) -> tuple[list[Constraint] | None, object]:
        """``(selection, reduced)``: ``reduced`` is ``lump(selection, problem.integers)`` when the
        selection (``problem.select(labels)``) has ``least`` constraints or more, else None;
        ``selection`` is None when it was not needed (no selection of this problem is lumped:
        its fixed constraints are of no shape :func:`~.box.lump` takes)."""
        problem = self.problem
        if self.never is None:
            fixed = [problem.constraints[i] for i in problem.fixed_positions]
            self.never = boxes_and_forms(fixed, problem.integers) is None  # (a count, a !=: in every selection)
        if self.never:
            return None, None
        near = self._near(labels)
        if near is not None:
            name, removed, added = near
            size = len(problem.constraints) if name == "whole" else len(problem.fixed_positions)
            if size - len(removed) + len(added) < least:
                return None, None
            base = self._base(name)
            reduced = None if base is None else base.without(removed, added)
            if reduced is not None:
                return None, reduced
        cons = problem.select(labels)
        return cons, (lump(cons, problem.integers) if len(cons) >= least else None)

    def _near(self, labels: frozenset[int]) -> tuple[str, list[int], list[int]] | None:
        """The base the selection is a few constraints away from: ``(its name, the positions of
        its constraints the selection leaves out, those it brings in)``; None when neither is."""
        problem = self.problem
        most = len(problem.constraints) // FEW
        added = None
        if len(labels) <= most:  # near the fixed constraints alone? (a set of claims near the whole is not)
            by_label = problem.by_label
            added = sorted(i for lab in labels & problem.claim_labels for i in by_label[lab])
            if len(added) > most:
                added = None
        removed = problem.left_out(labels, most if added is None else len(added) - 1)  # (only if nearer)
        if removed is not None:
            return "whole", removed, []
        return None if added is None else ("fixed", [], added)

    def _base(self, name: str) -> _Base | None:
        """The base's lump, made at the second selection near it (None before, and when it is not
        of the shape)."""
        seen = self.seen[name] = self.seen.get(name, 0) + 1
        if seen == 2:
            if not self.bases:  # (the first base made)
                self._positions()
            members = None if name == "whole" else frozenset(self.problem.fixed_positions)
            self.bases[name] = _Base.made(self, members)
        return self.bases.get(name)

    def position(self, key: tuple) -> dict[str, int]:
        """Each variable's place in a form (made once a form)."""
        at = self.at.get(id(key))
        if at is None:
            at = self.at[id(key)] = {v: t for t, (v, _) in enumerate(key)}
        return at

    def _positions(self) -> None:
        """Each variable's bounds and each form's constraints, by position; the forms holding
        each variable (one object a form, compared by identity: hashing a form of 50,000
        variables is a pass over them)."""
        canon: dict[tuple, tuple] = {}
        for i, c in enumerate(self.problem.constraints):
            co, _, key, _, _, _ = prep(c)
            if len(co) == 1:
                self.bounded.setdefault(key, []).append(i)
            else:
                key = self.forms[i] = canon.setdefault(key, key)
        for key in canon.values():
            for v, _ in key:
                self.holders.setdefault(v, []).append(key)


class _Base:
    """The lump of a base selection (``members``: its positions; None: every one), and what a
    selection a few constraints away needs to be made from it.  Forms are the owner's objects,
    kept in dicts by ``id``."""

    __slots__ = ("owner", "members", "count", "where", "own_count", "index", "lumped", "keys", "lumps", "places",
                 "sums", "place", "empty", "kept", "original")

    @classmethod
    def made(cls, owner: Lumps, members: frozenset[int] | None) -> _Base | None:
        problem = owner.problem
        positions = range(len(problem.constraints)) if members is None else sorted(members)
        cons = [problem.constraints[i] for i in positions]
        shape = boxes_and_forms(cons, problem.integers)
        if shape is None:
            return None
        lo, hi, _ = shape
        present = [owner.forms[i] for i in positions if i in owner.forms]
        distinct = list({id(key): key for key in present}.values())
        own = own_terms(distinct)  # (lump's own rule; ``where`` below is its first step, kept)
        if own is None:
            return None
        self = cls()
        self.owner = owner
        self.members = members
        self.count: dict[int, int] = {}  # id of a form -> its constraints in the base
        for key in present:
            self.count[id(key)] = self.count.get(id(key), 0) + 1
        self.where: dict[str, object] = {}  # a variable in a form -> its one form, or True when in several
        for key in distinct:
            for v, _ in key:
                self.where[v] = key if v not in self.where else True
        self.own_count: dict[int, int] = {}  # id of a form -> its own variables
        for w in self.where.values():
            if w is not True:
                self.own_count[id(w)] = self.own_count.get(id(w), 0) + 1
        self.keys = list(own)  # each lump's form
        self.index = {id(key): n for n, key in enumerate(self.keys)}
        self.lumped = sum(len(terms) for terms in own.values())
        self.lumps: list[tuple] = []  # (name, terms, reasons) of each lump
        self.places: list[list[int]] = []  # each lump's terms' places in its form
        self.sums: list[tuple] = []  # (low, high) of each lump's sum
        self.place: dict[str, tuple] = {}  # a lumped variable -> (its lump, its place in the form, its coefficient)
        self.empty: set[str] = set()  # lumped variables whose boxes are empty
        for n, key in enumerate(self.keys):
            terms = own[key]
            reasons = {}
            low, high = _Sum(), _Sum()
            for t, (v, a) in enumerate(key):
                if self.where[v] is not key:
                    continue
                l, h = lo.get(v), hi.get(v)
                if _crossed(l, h):
                    self.empty.add(v)
                reasons[v] = (l, h)
                self.place[v] = (n, t, a)
                add_term(low, high, a, l, h, 1)
            self.lumps.append((lump_name(n), terms, reasons))
            self.places.append([place[1] for place in (self.place[v] for v, _ in terms)])
            self.sums.append((low, high))
        # each constraint as the reduced problem has it, when its lump's variables are as the base's
        by_key = {key: Lump(name, terms, None, None, reasons) for key, (name, terms, reasons) in zip(self.keys, self.lumps)}
        self.original: dict[int, Constraint] = {}
        self.kept = [(i, r) for i, c in zip(positions, cons)
                     if (r := reduced_constraint(c, self.place, by_key, self.original)) is not None]
        return self

    def without(self, removed: list[int], added: list[int]):
        """The base's lump without the constraints at ``removed`` and with those at ``added``; None
        when the lumps it leaves are not the base's (a form left out or brought in changes which
        forms have variables of their own)."""
        owner = self.owner
        cons = owner.problem.constraints
        if added and boxes_and_forms([cons[i] for i in added], owner.problem.integers) is None:
            return None  # a claim brought in of no shape lump takes (a count, a !=): nor is the selection
        gone, new = set(removed), set(added)
        changed = self._changed(removed, added)
        if changed is None:
            return None
        joined: dict[str, tuple] = {}  # a variable that joins a lump (a form it shared left out) -> its place
        left: set[str] = set()  # a variable that leaves its lump (a form brought in holds it too)
        for n, (come, go) in changed.items():
            key = self.keys[n]
            at = owner.position(key)
            joined.update((v, (n, at[v], key[at[v]][1])) for v in come)
            left.update(go)
        place = _Overlay(self.place, joined, left)
        touched = {prep(cons[i])[2] for i in removed + added if i not in owner.forms}
        boxes = {v: self._box(v, gone, new) for v in sorted({v for v in touched if v in place} | joined.keys())}
        empty = (self.empty - boxes.keys() - left) | {v for v, (l, h) in boxes.items() if _crossed(l, h)}
        if empty:
            v = min(empty, key=place.__getitem__)
            return empty_box(*boxes.get(v) or self.lumps[place[v][0]][2][v])
        lumps = []
        for n, (name, terms, reasons) in enumerate(self.lumps):
            low, high = self.sums[n]
            mine = [v for v in boxes if place[v][0] == n]
            come, go = changed.get(n, ((), ()))
            if mine or go:
                low, high = low.copy(), high.copy()
                for v in go:
                    add_term(low, high, self.place[v][2], *reasons[v], -1)
                for v in mine:
                    a = place[v][2]
                    if v not in joined:
                        add_term(low, high, a, *reasons[v], -1)
                    add_term(low, high, a, *boxes[v], 1)
                reasons = _Overlay(reasons, {v: boxes[v] for v in mine}, set(go))
                if come or go:  # its terms: the form's own variables, in its order
                    terms = self._terms(n, come, go)
            lumps.append(Lump(name, terms, low.value(), high.value(), reasons))
        original = self.original
        out = [(i, r) for i, r in self.kept if i not in gone]
        # the bounds of the variables that left their lump are the reduced problem's (those brought in: below)
        extra = [(i, cons[i]) for v in left for i in owner.bounded.get(v, ()) if i not in new and self._member(i, gone, new)]
        if changed or added:  # the forms whose lumps changed rewritten; the constraints brought in
            original = dict(original)
            kept = []
            for i, r in out:
                key = owner.forms.get(i)  # (a form is one object: by identity, not hashed -- 50,000 terms)
                if key is None:
                    if prep(cons[i])[2] in joined:
                        continue
                elif (n := self.index.get(id(key))) in changed:
                    r = _rewritten(cons[i], r, *changed[n], original)
                kept.append((i, r))
            out = kept
            if added:
                by_key = dict(zip(self.keys, lumps))
                for i in added:
                    r = reduced_constraint(cons[i], place, by_key, original)
                    if r is not None:
                        extra.append((i, r))
        if extra:
            out = sorted(out + extra, key=_first)
        reduced = [r for _, r in out]
        return Reduced(reduced, lumps, original, lump_bounds(lumps, reduced))

    def _changed(self, removed: list[int], added: list[int]) -> dict[int, tuple] | None:
        """The variables that join or leave each lump when ``removed`` takes every constraint of
        some forms (the variables they shared then have their other form alone) or ``added``
        brings in the first of a form (its variables have another form then): ``{lump: (joined,
        left)}``; None when the forms that have lumps are then others than the base's, or
        :func:`~.box.own_terms` would find too few variables."""
        forms = self.owner.forms
        count: dict[int, int] = {}
        flipped: dict[int, tuple] = {}
        for positions, step in ((removed, -1), (added, 1)):
            for i in positions:
                key = forms.get(i)
                if key is not None:
                    c = count[id(key)] = count.get(id(key), self.count.get(id(key), 0)) + step
                    flipped[id(key)] = key
        flipped = {k: key for k, key in flipped.items() if (count[k] > 0) != (k in self.count)}
        if not flipped:
            return {}

        def present(key) -> bool:
            return count.get(id(key), self.count.get(id(key), 0)) > 0

        holders = self.owner.holders
        own_count: dict[int, int] = {}
        moves = []  # (variable, its one form before, after)
        for v in {v for key in flipped.values() for v, _ in key}:
            before = self.where.get(v)
            hold = [key for key in holders[v] if present(key)]
            after = (hold[0] if len(hold) == 1 else True) if hold else None
            if before is after:
                continue
            for w, step in ((before, -1), (after, 1)):
                if w is not None and w is not True:
                    own_count[id(w)] = own_count.get(id(w), self.own_count.get(id(w), 0)) + step
            moves.append((v, before, after))
        lumped = self.lumped
        for k, c in own_count.items():
            was = k in self.index
            if was != (c >= 2):  # (a form left out has no variable of its own left)
                return None  # a form gains or loses its lump
            if was:
                lumped += c - self.own_count.get(k, 0)
        if lumped < _box.LEAST:  # (too few lumped: own_terms says None; its first test is implied)
            return None
        changed: dict[int, tuple] = {}
        for v, before, after in moves:
            if after is not None and after is not True and id(after) in self.index:
                changed.setdefault(self.index[id(after)], ([], []))[0].append(v)
            if before is not None and before is not True and id(before) in self.index:
                changed.setdefault(self.index[id(before)], ([], []))[1].append(v)
        return changed

    def _terms(self, n: int, come: list[str], go: list[str]) -> list[tuple]:
        """Lump ``n``'s terms with ``come`` joined and ``go`` left, in its form's order (each found by
        its place in the form: a few changes to a list of 50,000 terms)."""
        key = self.keys[n]
        at = self.owner.position(key)
        terms = list(self.lumps[n][1])
        places = list(self.places[n])
        for v in go:
            i = bisect_left(places, at[v])
            del terms[i], places[i]
        for v in come:
            i = bisect_left(places, at[v])
            terms.insert(i, key[at[v]])
            places.insert(i, at[v])
        return terms

    def _member(self, i: int, gone: set[int], new: set[int]) -> bool:
        if i in new:
            return True
        return i not in gone and (self.members is None or i in self.members)

    def _box(self, v: str, gone: set[int], new: set[int]) -> tuple:
        """``v``'s tightest bounds (the first of equal ones) in the selection."""
        cons = self.owner.problem.constraints
        lo = hi = None
        for i in self.owner.bounded.get(v, ()):
            if not self._member(i, gone, new):
                continue
            _, _, _, _, up, low = prep(cons[i])
            if up is not None and (hi is None or up[0] < hi[0]):
                hi = up
            if low is not None and (lo is None or low[0] > lo[0]):
                lo = low
        return lo, hi

def _rewritten(c: Constraint, r: Constraint, come: list[str], go: list[str], original: dict) -> Constraint:
    """``r``, the base's ``c`` on its form's lump (:func:`~.box.reduced_constraint`), with the
    variables ``come`` now in the lump and ``go`` out of it (their terms from ``c``, found by
    halving: ``c``'s terms are in order)."""
    into = set(come)
    coeffs = [t for t in r.coeffs if t[0] not in into]
    coeffs += [c.coeffs[bisect_left(c.coeffs, (v,))] for v in go]
    out = Constraint(tuple(sorted(coeffs)), c.op, c.rhs, c.label)
    original[id(out)] = c
    return out


class _Overlay(Mapping):
    """A base's dict with a few keys set and a few taken out, not copied (a base's places of
    its lumped variables, a lump's boxes: 50,000 shares, of which a check changes a few).
    A check reads it by key; as a whole (equal to the dict a lump makes) in the tests."""

    __slots__ = ("base", "joined", "left")

    def __init__(self, base: dict, joined: dict, left: set) -> None:
        self.base, self.joined, self.left = base, joined, left

    def __contains__(self, v) -> bool:
        return v in self.joined or (v not in self.left and v in self.base)

    def __getitem__(self, v):
        got = self.joined.get(v)
        if got is not None:
            return got
        if v in self.left:
            raise KeyError(v)
        return self.base[v]

    def __iter__(self):
        joined, left = self.joined, self.left
        yield from (v for v in self.base if v not in left and v not in joined)
        yield from joined

    def __len__(self) -> int:
        joined, left = self.joined, self.left
        return sum(1 for v in self.base if v not in left and v not in joined) + len(joined)


def _first(x: tuple) -> int:
    return x[0]


def _crossed(l, h) -> bool:
    return l is not None and h is not None and l[0] > h[0]
