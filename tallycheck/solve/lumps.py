""":func:`~.box.lump` of many big selections of one problem's claims, each in a few steps.

The conflict search checks a part's claims again and again with a few of them left out:
``sum(share.*) = 100%`` and 50,000 rounded shares, checked without the two claims of a
conflict, re-lumped 150,000 constraints a check (0.3 s, ten to twenty checks).  Leaving out a
few claims changes the boxes of the few quantities they bound, and nothing else -- unless it
takes away every constraint of a form, which changes which variables are whose own.  So the
whole problem is lumped once, as :func:`~.box.lump` does, keeping each variable's bounds in
order; a selection that leaves out few constraints is then the whole lump with those few
boxes bounded again and their terms taken out of and put back into their lump's sum.  When it
leaves out every constraint of a form (a newspaper's sum of three), the variables that form
shared with another have that one left, and join its lump (their boxes' terms added to its
sum); when that changes which forms have lumps, and for a selection that leaves out many
constraints, it is :func:`~.box.lump` of the selection.

The answer is :func:`~.box.lump`'s, the same objects in the same order (a property test keeps
the two equal): the boxes' first tightest bounds, the lumps' exact sums, the first empty box in
the lumps' order, the reduced constraints in the problem's order.
"""

from __future__ import annotations

from .box import (Lump, Reduced, _Sum, add_term, boxes_and_forms, empty_box, lump, lump_bounds, lump_name,
                  own_terms, reduced_constraint)
from .linear import prep
from .problem import Constraint, Problem

#: a selection that leaves out at most this share of the constraints is lumped from the whole
FEW = 8


class Lumps:
    """:func:`~.box.lump` of big selections of ``problem``'s claims (:meth:`of`).  The first is
    lumped as it is (one decision needs no more); the whole problem is lumped at the second."""

    __slots__ = ("problem", "whole", "bounded", "forms", "keys", "lumps", "sums", "place", "empty", "kept", "original")

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        # each form's count of constraints, once the index is made; before: None, then "once";
        # "whole": the whole problem is not of the shape; "never": no selection is
        self.whole: dict | str | None = None

    def of(self, labels: frozenset[int], least: int) -> tuple[list[Constraint] | None, object]:
        """``(selection, reduced)``: ``reduced`` is ``lump(selection, problem.integers)`` when the
        selection (``problem.select(labels)``) has ``least`` constraints or more, else None;
        ``selection`` is None when it was not needed (no selection of this problem is lumped:
        its fixed constraints are of no shape :func:`~.box.lump` takes)."""
        problem = self.problem
        if self.whole is None:
            fixed = [problem.constraints[i] for i in problem.fixed_positions]
            if boxes_and_forms(fixed, problem.integers) is None:  # (a count, a !=: in every selection)
                self.whole = "never"
            else:
                self.whole = "once"  # (the second selection makes the index)
        elif self.whole == "once":
            self._index()
        if self.whole == "never":
            return None, None
        removed = None
        if type(self.whole) is dict:
            removed = problem.left_out(labels, len(problem.constraints) // FEW)
        if removed is not None and len(problem.constraints) - len(removed) < least:
            return None, None
        reduced = None if removed is None else self._without(removed)
        if reduced is None:
            cons = problem.select(labels)
            return cons, (lump(cons, problem.integers) if len(cons) >= least else None)
        return None, reduced

    def _index(self) -> None:
        """The whole problem lumped, and what its selections need: each variable's bounds in order."""
        problem = self.problem
        cons = list(problem.constraints)
        shape = boxes_and_forms(cons, problem.integers)
        own = None if shape is None else own_terms(shape[2])
        if own is None:
            self.whole = "whole"
            return
        lo, hi, forms = shape
        self.whole = {key: len(same) for key, same in forms.items()}  # how many constraints each form has
        self.bounded: dict[str, list[int]] = {}  # a variable -> the positions of its bounds, in order
        self.forms: dict[int, tuple] = {}  # the position of a constraint of several variables -> its form
        for i, c in enumerate(cons):
            co, _, key, _, _, _ = prep(c)
            if len(co) == 1:
                self.bounded.setdefault(key, []).append(i)
            else:
                self.forms[i] = key
        self.keys = list(own)  # each lump's form
        self.lumps: list[tuple] = []  # (name, terms, reasons) of each lump
        self.sums: list[tuple] = []  # (low, high) of each lump's sum
        self.place: dict[str, tuple] = {}  # a lumped variable -> (its lump, its term, its coefficient)
        self.empty: set[str] = set()  # lumped variables whose boxes are empty
        for n, key in enumerate(own):
            terms = own[key]
            reasons = {}
            low, high = _Sum(), _Sum()
            for t, (v, a) in enumerate(terms):
                l, h = lo.get(v), hi.get(v)
                if l is not None and h is not None and l[0] > h[0]:
                    self.empty.add(v)
                reasons[v] = (l, h)
                self.place[v] = (n, t, a)
                add_term(low, high, a, l, h, 1)
            self.lumps.append((lump_name(n), terms, reasons))
            self.sums.append((low, high))
        # each constraint as the reduced problem has it, when its lump's variables are as the whole's
        placeholder = {key: Lump(name, terms, None, None, reasons) for key, (name, terms, reasons) in zip(own, self.lumps)}
        self.original: dict[int, Constraint] = {}
        self.kept = [(i, r) for i, c in enumerate(cons)
                     if (r := reduced_constraint(c, self.place, placeholder, self.original)) is not None]

    def _without(self, removed: list[int]):
        """The whole problem's lump without the constraints at ``removed``; None when the lumps
        it leaves are not the whole's (a form left out that had variables of its own)."""
        cons = self.problem.constraints
        gone = set(removed)
        joined = self._joined(removed)
        if joined is None:
            return None
        place = self.place
        if joined:
            place = dict(place)
            for n, terms in joined.items():
                place.update((v, (n, t, a)) for t, (v, a) in enumerate(terms))
        touched = {prep(cons[i])[2] for i in removed if i not in self.forms}
        newly = {v for terms in joined.values() for v, _ in terms if v not in self.place}
        boxes = {v: self._box(v, gone) for v in sorted((touched & place.keys()) | newly)}
        empty = (self.empty - boxes.keys()) | {v for v, (l, h) in boxes.items() if _crossed(l, h)}
        if empty:
            v = min(empty, key=place.__getitem__)
            return empty_box(*self._box(v, gone))
        lumps = []
        for n, (name, terms, reasons) in enumerate(self.lumps):
            low, high = self.sums[n]
            mine = [v for v in boxes if place[v][0] == n]
            if mine:
                low, high = low.copy(), high.copy()
                for v in mine:
                    a = place[v][2]
                    if v not in newly:
                        add_term(low, high, a, *reasons[v], -1)
                    add_term(low, high, a, *boxes[v], 1)
                if n in joined:  # (in the order of its terms, as lump makes it)
                    terms = joined[n]
                    reasons = {v: boxes[v] if v in boxes else reasons[v] for v, _ in terms}
                else:
                    reasons = dict(reasons)
                    reasons.update((v, boxes[v]) for v in mine)
            lumps.append(Lump(name, terms, low.value(), high.value(), reasons))
        original = self.original
        if not joined:
            out = [r for i, r in self.kept if i not in gone]
        else:  # the bounds of the variables that joined a lump are its; its forms' constraints rewritten
            original = dict(original)
            by_key = {self.keys[n]: lumps[n] for n in joined}
            out = []
            for i, r in self.kept:
                if i in gone:
                    continue
                key = self.forms.get(i)
                if key is None:
                    if prep(cons[i])[2] in newly:
                        continue
                elif key in by_key:
                    r = reduced_constraint(cons[i], place, by_key, original)
                out.append(r)
        return Reduced(out, lumps, original, lump_bounds(lumps, out))

    def _joined(self, removed: list[int]) -> dict[int, list] | None:
        """The terms of each lump that variables join when ``removed`` takes every constraint of
        some forms (their other forms are then their only one): ``{lump: its terms}``; None when
        the lumps are then others than the whole's."""
        count: dict[tuple, int] = {}
        vanished = []
        for i in removed:
            key = self.forms.get(i)
            if key is not None:
                count[key] = count.get(key, 0) + 1
                if count[key] == self.whole[key]:  # every constraint of a form left out
                    vanished.append(key)
        if not vanished:
            return {}
        left = set(vanished)
        own = own_terms([key for key in self.whole if key not in left])
        if own is None or list(own) != self.keys:
            return None
        return {n: own[key] for n, key in enumerate(own) if len(own[key]) != len(self.lumps[n][1])}

    def _box(self, v: str, gone: set[int]) -> tuple:
        """``v``'s tightest bounds (the first of equal ones) among its constraints not in ``gone``."""
        cons = self.problem.constraints
        lo = hi = None
        for i in self.bounded.get(v, ()):
            if i in gone:
                continue
            _, _, _, _, up, low = prep(cons[i])
            if up is not None and (hi is None or up[0] < hi[0]):
                hi = up
            if low is not None and (lo is None or low[0] > lo[0]):
                lo = low
        return lo, hi


def _crossed(l, h) -> bool:
    return l is not None and h is not None and l[0] > h[0]
