"""Model + solver results -> :class:`~tallycheck.report.records.Report` (what each format shows).

What a claim shows (its figure as written) and what a quantity's own claims say are
worked out once per claim and per quantity, in :class:`_Figures`, and shared by the
implied ranges, their pins and the agreements.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from fractions import Fraction

from ..read import syntax as s
from .explain import explain
from ..numbers.interval import Interval
from ..build.model import Claim, Model
from ..numbers.numtext import format_number
from .records import Agreement, ClaimView, Conflict, QuantityRange, Report, Unknown
from ..diagnostics import warnings_as_errors


@dataclass(slots=True)
class ComponentResult:
    """A component's answers, with what the report needs of its problem: not the problem,
    whose constraints (and what the solver cached on them) can go once it is solved."""

    labels: list[int]  # the labels of its constraints, sorted
    variables: list[str]  # its quantities, sorted
    outcome: object  # solve.Outcome: status, ranges, conflicts, undecided

    @classmethod
    def of(cls, problem, outcome) -> "ComponentResult":
        """The result of ``problem`` (a solve.Problem) solved: ``outcome``."""
        constraints = problem.constraints
        return cls(sorted({c.label for c in constraints}), sorted({v for c in constraints for v, _ in c.coeffs}),
                   outcome)

    @property
    def status(self) -> str:  # sat | unsat | unknown
        return self.outcome.status

    @property
    def ranges(self) -> dict:
        return self.outcome.ranges


CONTRADICTORY = "its claims contradict each other (see the conflicts)"


def view(claim: Claim) -> ClaimView:
    return ClaimView(claim.source, claim.text, claim.quote, claim.loc.file, claim.loc.line, claim.loc.column, claim.form)


def assemble(model: Model, results: list[ComponentResult]) -> Report:
    figures = _Figures(model)
    conflicts: list[Conflict] = []
    agreements: list[Agreement] = []
    quantities: list[QuantityRange] = []
    unknowns: list[Unknown] = []
    n = len(model.claims)
    for result in results:
        labels = [label for label in result.labels if 0 <= label < n]
        variables = result.variables
        undecided_range: dict[str, str] = {}
        for part in result.outcome.undecided:
            unknowns.append(_unknown(model, part))
            if part.stage == "range":
                for v in part.variables:
                    undecided_range[v] = part.reason
        if result.status == "unsat":
            twins = _twins(model, labels)
            for found in result.outcome.conflicts:
                blamed = [model.claims[i] for i in sorted(found.labels) if 0 <= i < n]
                used = _labels_in(found.certificate)
                defs = [model.claims[i] for i in sorted(used) if 0 <= i < n and model.claims[i].is_definition]
                conflicts.append(
                    Conflict(
                        claims=tuple(view(c) for c in blamed),
                        definitions=tuple(view(c) for c in defs),
                        sources=tuple(sorted({c.source for c in blamed if c.source})),
                        quantities=tuple(sorted({q for c in blamed + defs for q in c.quantities})),
                        explanation=explain(found.certificate, model, frozenset(found.labels)) + _same_claims(blamed, twins),
                        minimal=found.minimal,
                    )
                )
            if not result.outcome.conflicts:  # contradictory, but a limit stopped the search before any was found
                conflicts.append(_whole_part(model, labels, result.outcome.undecided))
        status = _STATUS[result.status]
        undecided_reason = next((u.reason for u in result.outcome.undecided if u.stage == "decision"), None)
        relations: dict[str, list[Claim]] = {}  # quantity -> the relations of this part involving it
        if result.status == "sat":
            for i in labels:
                if len(model.claims[i].quantities) > 1:
                    for q in model.claims[i].quantities:
                        relations.setdefault(q, []).append(model.claims[i])
        for v in variables:
            rng = result.ranges.get(v) if result.status == "sat" else None
            kind = model.kinds.get(v.split("@")[0] if "@" in v else v, "count")
            pins = _pins(figures, v, kind, rng, relations.get(v, ())) if rng is not None else ()
            why = None
            if rng is None:
                why = (
                    undecided_range.get(v) if result.status == "sat"
                    else CONTRADICTORY if result.status == "unsat" else undecided_reason
                )
            quantities.append(QuantityRange(v, kind, status, rng, figures.claimed(v), pins, why))
        if result.status == "sat":
            for label in labels:
                claim = model.claims[label]
                if len(claim.quantities) >= 2 and claim.relation is not None:
                    agreements.append(_agreement(claim, result.ranges, figures))
    quantities.sort(key=_NAME)
    diagnostics = warnings_as_errors(model.diagnostics, model.options.strict)  # --strict: every warning an error
    conflicts.sort(key=conflict_order)
    return Report(
        title=model.title,
        files=tuple(model.files),
        sources=tuple((src.id, src.name) for src in model.sources.values()),
        claim_count=sum(1 for c in model.claims if c.source is not None),  # not definitions
        conflicts=tuple(conflicts),
        agreements=tuple(sorted(agreements, key=lambda a: (a.claim.file, a.claim.line, a.claim.column))),
        quantities=tuple(quantities),
        unknowns=tuple(sorted(unknowns, key=unknown_order)),
        errors=tuple(sorted((d for d in diagnostics if d.severity == "error"), key=lambda d: d.location)),
        warnings=tuple(sorted((d for d in diagnostics if d.severity == "warning"), key=lambda d: d.location)),
    )


def conflict_order(c: Conflict) -> tuple:
    """Conflicts are listed by where their first claim is (or, blaming none, their first
    definition): the same order whichever other claims are checked with them (tallycheck.run)."""
    first = c.claims[0] if c.claims else c.definitions[0] if c.definitions else None
    return ("", 0, 0) if first is None else (first.file, first.line, first.column)


_STATUS = {"sat": "consistent", "unsat": "contradictory", "unknown": "unknown"}  # of a part's quantities


def _whole_part(model: Model, labels: list[int], undecided) -> Conflict:
    """A part the solver found contradictory but could not narrow to a minimal conflict within
    its limits: all its claims, as one conflict (never a pass: no option turns a contradiction off)."""
    claims = [model.claims[i] for i in labels]
    blamed = [c for c in claims if not c.is_definition]
    defs = [c for c in claims if c.is_definition]
    return Conflict(
        claims=tuple(view(c) for c in blamed),
        definitions=tuple(view(c) for c in defs),
        sources=tuple(sorted({c.source for c in blamed if c.source})),
        quantities=tuple(sorted({q for c in claims for q in c.quantities})),
        explanation=f"these {len(blamed)} claims cannot all hold; the solver's limits stopped it before it "
                    f"found which of them conflict ({undecided[0].reason if undecided else 'out of limits'})",
        minimal=False,
    )


def _unknown(model: Model, part) -> Unknown:
    """A :class:`~tallycheck.solve.Undecided` part as the report shows it: its claims located."""
    n = len(model.claims)
    claims = sorted((model.claims[i] for i in part.labels if i < n), key=lambda c: (c.loc.file, c.loc.line, c.loc.column))
    return Unknown(tuple(part.variables), part.reason, tuple(view(c) for c in claims), part.stage, part.limit)
_NAME = operator.attrgetter("name")
_STAGE_ORDER = {"decision": 0, "conflicts": 1, "minimality": 2, "range": 3}


def unknown_order(u: Unknown) -> tuple:
    return (u.quantities, _STAGE_ORDER.get(u.stage, 9), [(c.file, c.line, c.column) for c in u.claims], u.reason)


def _pins(figures: "_Figures", v: str, kind: str, rng: Interval, through) -> tuple[tuple[str, str], ...]:
    """Which claims pin each end of an implied range: ``(("low", "more than 100 (hospital)"), …)``,
    ``("both", …)`` when the same claims pin both ends.

    An end is pinned by the quantity's own claims whose figure is that end (for a count,
    after rounding inward to whole numbers); an end no such claim reaches is implied
    through the relations (definitions, sums, shares) that involve the quantity.  The
    end a count's kind gives (0) needs no claim.
    """
    whole = kind == "count"
    rlow, rhigh = rng.low, rng.high
    want_low = (rlow, rng.low_open)
    want_high = (rhigh, rng.high_open)
    lows: dict[str, dict[str, None]] = {}
    highs: dict[str, dict[str, None]] = {}
    for claim in figures.direct.get(v, ()):
        if len(claim.quantities) != 1:
            continue
        lo, hi = _claim_bounds(claim, v, whole)
        at_low = lo is not None and rlow is not None and lo == want_low
        at_high = hi is not None and rhigh is not None and hi == want_high
        if at_low or at_high:
            figure = figures.figure(claim)
            if at_low:
                _pin(lows, figure, claim.source)
            if at_high:
                _pin(highs, figure, claim.source)
    if lows and lows == highs:  # the same claims pin both ends
        return tuple([("both", t) for t in _pin_texts(lows)])
    out: list[tuple[str, str]] = []
    for end, value, pinned in (("low", rlow, lows), ("high", rhigh, highs)):
        if value is None:
            continue
        if pinned:
            out.extend((end, t) for t in _pin_texts(pinned))
        elif end == "low" and value == 0 and kind != "real" and not rng.low_open:
            continue  # a count or amount is never negative: no claim needed
        else:
            out.extend(figures.implied_by(end, c) for c in through)
    if rng.exact and out and len(out) % 2 == 0:
        half = len(out) // 2
        if [t for _, t in out[:half]] == [t for _, t in out[half:]]:
            return tuple(("both", t) for _, t in out[:half])
    return tuple(out)


BRIEF = 120  # characters of a relation's text named in a range's "pinned by", at most


def _brief(text: str) -> str:
    """A relation's text to name it beside each quantity it pins: cut to ``BRIEF`` characters
    (a definition of 50,000 terms pins 50,000 ranges; named whole each time, the report
    grew with the square of its terms: 2.6 GB, 21 GB of memory)."""
    return text if len(text) <= BRIEF else text[:BRIEF - 1].rstrip() + "…"


def _pin(ends: dict[str, dict[str, None]], figure: str, source: str | None) -> None:
    who = ends.setdefault(figure, {})  # an ordered set: 100k sources giving one figure stay linear
    if source:
        who[source] = None


def _pin_texts(ends: dict[str, dict[str, None]]) -> list[str]:
    # sources sorted: the same claims give the same text whatever the order of the input files
    return [f"{f} ({', '.join(sorted(w))})" if w else f for f, w in ends.items()]


def _claim_bounds(claim: Claim, v: str, whole: bool):
    """The (value, open) ends one claim's own constraints put on ``v``; counts rounded inward."""
    lo = hi = None
    for coeffs, op, rhs in claim.constraints:
        if len(coeffs) != 1 or op == "!=" or coeffs[0][0] != v:
            continue
        a = coeffs[0][1]
        if a == 1:
            value = rhs
        else:
            value = Fraction(rhs) / a
            if a < 0:
                op = _MIRROR[op]
        if op != "<" and op != "<=":  # >=, >, =
            if lo is None or value > lo[0] or (value == lo[0] and op == ">"):
                lo = (value, op == ">")
        if op != ">" and op != ">=":  # <=, <, =
            if hi is None or value < hi[0] or (value == hi[0] and op == "<"):
                hi = (value, op == "<")
    if whole:
        if lo is not None:
            n = math.ceil(lo[0])
            lo = (n + 1 if lo[1] and n == lo[0] else n, False)
        if hi is not None:
            n = math.floor(hi[0])
            hi = (n - 1 if hi[1] and n == hi[0] else n, False)
    return lo, hi


_MIRROR = {"<=": ">=", "<": ">", ">=": "<=", ">": "<", "=": "="}


def _twins(model: Model, labels: list[int]) -> dict[int, list[Claim]]:
    """Claims of other sources that say exactly the same (the same constraints): each claim's
    label -> every claim of its meaning (one list shared by all of them; built in one pass,
    not pairwise: 30,000 sources giving one figure made 900 million list entries)."""
    by_meaning: dict[tuple, list[Claim]] = {}
    for label in labels:
        claim = model.claims[label]
        if not claim.is_definition:
            by_meaning.setdefault(claim.constraints, []).append(claim)
    out: dict[int, list[Claim]] = {}
    for same in by_meaning.values():
        if len(same) > 1 and len({c.source for c in same}) > 1:
            for c in same:
                out[c.label] = same
    return out


#: other sources named in a "makes the same claim" note, before "and N other sources"
SHOWN_TWINS = 10


def _same_claims(blamed: list[Claim], twins: dict[int, list[Claim]]) -> str:
    """``; tv makes the same claim (70 returned.extra): agency and tv are both implicated``;
    past ``SHOWN_TWINS`` other sources, the first of them by name and the rest counted."""
    notes = []
    for c in blamed:
        same = twins.get(c.label)
        if same is None:
            continue
        names = sorted({d.source for d in same if d.source and d.source != c.source})
        if not names:
            continue
        if len(names) > SHOWN_TWINS:
            shown = ", ".join(names[:SHOWN_TWINS])
            notes.append(
                f"{len(names):,} other sources make the same claim ({c.text}), {shown} and "
                f"{len(names) - SHOWN_TWINS:,} more: {c.source} and all of them are implicated"
            )
            continue
        verb = "makes" if len(names) == 1 else "make"
        everyone = [c.source] + names
        both = "both" if len(everyone) == 2 else "all"
        notes.append(
            f"{' and '.join(names)} {verb} the same claim ({c.text}): "
            f"{', '.join(everyone[:-1])} and {everyone[-1]} are {both} implicated"
        )
    return "".join(f"; {n}" for n in notes)


def _labels_in(cert) -> set[int]:
    out: set[int] = set()
    stack = [cert]
    while stack:
        c = stack.pop()
        if c is None:
            continue
        for constraint, _ in getattr(c, "terms", ()):
            out.add(constraint.label)
        if hasattr(c, "constraint"):
            out.add(c.constraint.label)
        stack.extend(x for x in (getattr(c, "below", None), getattr(c, "above", None)) if x is not None)
    return out


def _direct_claims(model: Model) -> dict[str, list[Claim]]:
    """The claims that constrain each quantity, in file order: ``returned = 248`` under
    ``returned``; ``yes = 42.9% of voters`` under both ``yes`` and ``voters``."""
    out: dict[str, list[Claim]] = {}
    for claim in model.claims:
        if claim.source is not None:  # not a definition
            for q in claim.quantities:
                out.setdefault(q, []).append(claim)
    return out


def _single(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if len(c.quantities) == 1]


class _Figures:
    """What the claims of one model show, each worked out once (for one assemble() call).

    ``direct``: the claims that constrain each quantity (:func:`_direct_claims`);
    ``figure``: a claim's value as read (:func:`_figure_of`), by claim and quantity;
    ``claimed``: each quantity's figures with their sources (a range's ``claimed``);
    ``written``: a quantity's own figures as an agreement shows them (``52% (poll)``);
    ``loose``: whether one of a quantity's own figures is rounded or qualified.
    """

    def __init__(self, model: Model):
        self.direct = _direct_claims(model)
        self._single_figures: list[str | None] = [None] * len(model.claims)  # label -> figure, once read
        self._relation_figures: dict[tuple[int, str | None], str] = {}  # (label, quantity) -> figure
        self._owns: dict[str, tuple[str | None, bool]] = {}  # quantity -> written, loose
        self._implied: dict[tuple[str, int], tuple[str, str]] = {}  # (end, label) -> a pin, once made

    def implied_by(self, end: str, claim: Claim) -> tuple[str, str]:
        """``(end, "implied by total = a0 + a1 + … (definition)")``: a relation pinning one end of
        a range, made once and shared by every range it pins (a definition of 200,000 terms
        pins 200,000 ranges: one text each was 80 MB)."""
        key = (end, claim.label)
        hit = self._implied.get(key)
        if hit is None:
            hit = self._implied[key] = (end, f"implied by {_brief(claim.text)} ({claim.source or 'definition'})")
        return hit

    def figure(self, claim: Claim, quantity: str | None = None) -> str:
        if len(claim.quantities) > 1:
            key = (claim.label, quantity)
            hit = self._relation_figures.get(key)
            if hit is None:
                hit = self._relation_figures[key] = _figure_of(claim, quantity)
            return hit
        hit = self._single_figures[claim.label]
        if hit is None:
            hit = self._single_figures[claim.label] = _figure_of(claim)
        return hit

    def claimed(self, quantity: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        claims = self.direct.get(quantity, ())
        if len(claims) == 1:  # the commonest: one claim, one figure
            c = claims[0]
            return ((self.figure(c, quantity), (c.source,) if c.source else ()),)
        return self._claimed_by(claims, quantity)

    def _claimed_by(self, claims, quantity: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``(figure, (source, …))`` for each distinct figure of ``claims``, in order."""
        by_value: dict[str, dict[str, None]] = {}  # figure -> its sources, an ordered set
        for c in claims:
            who = by_value.setdefault(self.figure(c, quantity), {})
            if c.source:
                who[c.source] = None
        return tuple((v, tuple(w)) for v, w in by_value.items())

    def written(self, name: str) -> str | None:
        """``52% (poll); 51% (tv)``: the figures ``name``'s single-quantity claims give; None if none."""
        return self._own(name)[0]

    def loose(self, quantity: str) -> bool:
        """Is one of the quantity's single-quantity claims rounded or qualified (not one exact figure)?"""
        return self._own(quantity)[1]

    def _own(self, quantity: str) -> tuple[str | None, bool]:
        """What the quantity's single-quantity claims say, worked out once: ``written`` and ``loose``."""
        hit = self._owns.get(quantity)
        if hit is None:
            singles = _single(self.direct.get(quantity, ()))
            if len(singles) == 1:  # the commonest
                c = singles[0]
                written: str | None = f"{self.figure(c)} ({c.source})" if c.source else self.figure(c)
            else:
                written = "; ".join(
                    f"{v} ({', '.join(w)})" if w else v for v, w in self._claimed_by(singles, None)
                ) if singles else None
            loose = any(not (len(c.readings) == 1 and c.readings[0].interval.exact) for c in singles)
            hit = self._owns[quantity] = (written, loose)
        return hit


def _figure_of(claim: Claim, quantity: str | None = None) -> str:
    """The value a direct claim gives, as read: ``248``, ``[1150000, 1250000]``, ``> 200``;
    a relation as written, or what it makes the quantity (``42.9% of voters`` under ``yes``)."""
    if len(claim.quantities) > 1:
        rel = claim.relation
        if rel is not None and rel.op == "=" and quantity is not None:
            for side, other in ((rel.left, rel.right), (rel.right, rel.left)):
                if isinstance(side, s.Ref) and side.name == quantity.split("@")[0]:
                    return s.to_text(other)
        return claim.text
    if claim.relation is not None and claim.relation.op == "in" and isinstance(claim.relation.right, s.Bounds):
        return s.to_text(claim.relation.right)
    if len(claim.readings) == 1:
        r = claim.readings[0]
        rel = claim.relation
        # `q = -(5)`: the number is negated in the expression, not in its text
        negated = rel is not None and ((type(rel.left) is s.Neg and type(rel.left.operand) is s.Number)
                                       or (type(rel.right) is s.Neg and type(rel.right.operand) is s.Number))
        written = ("-" if negated else "") + r.text.strip()
        if rel is not None and rel.op not in ("=", "in", "~"):
            return f"{rel.op} {written}"
        # exact figures as numbers; rounded or qualified ones, and amounts of money, as the source wrote them
        if r.interval.exact and not r.currency:
            return format_number(-r.interval.low if negated else r.interval.low)
        return written
    return claim.text


def _agreement(claim: Claim, ranges: dict, figures: _Figures) -> Agreement:
    """A relation that holds, with the figures as the sources wrote them (``52% (poll)``);
    when it holds only within the figures' rounding or qualifiers, it says so."""

    def figure(ref: s.Ref) -> str:
        written = figures.written(ref.name)
        if written is not None:
            return written
        rng: Interval | None = ranges.get(ref.name)
        value = str(rng) if rng is not None else "?"
        return f"{value} (implied)"

    rel = claim.relation
    shown = s.relation_text(rel, figure)  # type: ignore[arg-type]
    note = _face_value_note(claim, figures)
    if note:
        shown = f"{shown}; {note}"
    return Agreement(s.relation_text(rel), shown, view(claim))  # type: ignore[arg-type]


def _face_value(e, numbers: dict, face: dict) -> Fraction:
    """An expression's value with each quantity at its face value (a module function: a
    closure that calls itself is a reference cycle, holding what it refers to)."""
    if isinstance(e, s.Number):
        r = numbers.get(e.text)
        if r is None or r.value is None:
            raise ValueError(e.text)
        return r.value
    if isinstance(e, s.Ref):
        return face[e.name][0]
    if isinstance(e, s.Neg):
        return -_face_value(e.operand, numbers, face)
    if isinstance(e, s.ShareOf):
        return _face_value(e.share, numbers, face) * _face_value(e.base, numbers, face)
    if isinstance(e, s.SumOf):
        raise ValueError("sum")
    if isinstance(e, s.BinOp):
        return _ARITHMETIC[e.op](_face_value(e.left, numbers, face), _face_value(e.right, numbers, face))
    raise ValueError(e)


def _face_value_note(claim: Claim, figures: _Figures) -> str | None:
    """``52% + 46% + 3% = 101%: consistent only through rounding`` -- the relation at the
    figures' face values (each quantity given one value by its own claims) when it fails there."""
    rel = claim.relation
    if rel is None or rel.op not in ("=", "<", "<=", ">", ">="):
        return None
    # only a relation with a rounded or qualified figure can hold through rounding alone
    if not any(figures.loose(q) for q in claim.quantities):
        return None
    direct = figures.direct
    numbers = {r.text: r for r in claim.readings}
    face: dict[str, tuple[Fraction, str, bool]] = {}  # quantity -> (value, as written, loose)
    for q in claim.quantities:
        singles = [c for c in _single(direct.get(q, [])) if c.relation is not None and c.relation.op in ("=", "~")]
        values = [(c.readings[0].value, c.readings[0].text.strip()) for c in singles if len(c.readings) == 1]
        if not values or any(v != values[0] for v in values[1:]):  # not one value, as written
            return None
        value, text = values[0]
        if value is None:
            return None
        loose = any(not c.readings[0].interval.exact for c in singles)
        face[q] = (value, text, loose)
    if not any(loose for _, _, loose in face.values()):
        return None

    try:
        left, right = _face_value(rel.left, numbers, face), _face_value(rel.right, numbers, face)
    except (ValueError, KeyError, ZeroDivisionError):
        return None
    if _HOLDS[rel.op](left, right):
        return None
    pct = all(
        any(r.kind == "percent" for c in _single(direct.get(q, [])) for r in c.readings) for q in claim.quantities
    )
    words = []
    for side in (rel.left, rel.right):
        if isinstance(side, s.Number):
            continue
        shown = s.to_text(side, lambda ref: face[ref.name][1])
        total, other = (left, right) if side is rel.left else (right, left)
        words.append(
            f"{shown} = {_show(total, pct)}, not {_show(other, pct)} at face value"
            if isinstance(rel.right if side is rel.left else rel.left, s.Number)
            else f"{shown} = {_show(total, pct)}"
        )
        break
    qualified = any(
        c.readings[0].text.strip()[:1].isalpha() or c.readings[0].text.strip()[:1] in "~≈"
        for q in claim.quantities for c in _single(direct.get(q, [])) if len(c.readings) == 1
    )
    how = "the qualifiers' tolerance" if qualified else "rounding"
    return f"{words[0]}: consistent only through {how}" if words else None


_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_HOLDS = {"=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _show(x: Fraction, pct: bool) -> str:
    return format_number(x * 100) + "%" if pct else format_number(x)
