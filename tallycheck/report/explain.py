"""The arithmetic that refutes a conflict, written from the solver's own certificate.

A Farkas certificate is a combination of constraints that sums to a false statement
about constants.  We read it as a short derivation:

* *figures* -- terms on one quantity: the numbers the sources gave (``returned = 248``,
  ``more than 200``), the bounds a quantity's kind gives (not negative), a ratio's
  positive base, or a branch's case (``total_score ≤ 118``);
* *relations* -- terms on several quantities (definitions, sums, shares, ratios).  Each
  relation whose other quantities have figures in the direction the certificate uses
  them gives a bound on its remaining quantity, with the numbers substituted:
  ``returned.swap + returned.extra = 173 + 70 = 243``, ``total_score / answers = 4.74
  (surveyA, 4.735 to 4.745) with answers = 25 puts total_score at least 4.735 × 25 =
  118.375``.

The derivation stops when some quantity gets a lower bound above its upper bound; the
explanation is that pair of bounds, each with how it was obtained:

    returned.swap + returned.extra = 173 + 70 = 243, but returned = 248 (off by 5)

Only the certificate's terms, and the sign of each multiplier, are used: the words come
from the claims as written.  A :class:`~tallycheck.solve.Branch` whose relaxed range holds
no whole number is "between A and B: no whole number fits" with both ends derived the
same way; a :class:`~tallycheck.solve.Split` explains both of its cases.  Should a
certificate resist this reading, the plain combination of its relations is shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from fractions import Fraction

from .. import solve
from ..solve.ratio import first_base, ratio_interval
from ..read import syntax as s
from ..build.model import Model
from ..numbers.numtext import format_number

_SYMBOL = {"<=": "≤", ">=": "≥", "!=": "≠", "<": "<", ">": ">", "=": "="}
_FLIP = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "=", "!=": "!="}
_SIGN = {"<=": 1, "<": 1, "=": 1, ">=": -1, ">": -1}
_WORDS = {"≤": "at most", "≥": "at least", "<": "less than", ">": "more than", "=": "exactly"}


def explain(certificate, model: Model, blamed: frozenset[int] | None = None) -> str:
    """The certificate's arithmetic as text; ``blamed``: the labels of the conflict's claims
    (a scan's ends are said with the claim that sets them, one of these)."""
    try:
        return _explain(certificate, model if blamed is None else _Conflict(model, blamed))
    except Exception:  # an explanation must never hide the conflict itself
        return "these claims cannot all hold"


class _Conflict:
    """The model as one conflict's explanation reads it: the model, and the labels of the
    conflict's claims (``blamed``)."""

    def __init__(self, model: Model, blamed: frozenset[int]) -> None:
        self._model = model
        self.blamed = blamed

    def __getattr__(self, name: str):
        return getattr(self._model, name)


def _explain(cert, model: Model) -> str:
    if isinstance(cert, solve.Branch):
        return _branch(cert, model)
    if isinstance(cert, solve.Scan):
        return _scan(cert, model)
    if isinstance(cert, solve.Split):
        c = cert.constraint
        cases = frozenset((cert.below_case, cert.above_case))
        form = _linear_text(c.coeffs)
        rhs = format_number(c.rhs)

        def case(sub) -> str:
            if isinstance(sub, solve.Farkas):
                text = Derivation(sub, model, cases).explain()
                return text if text is not None else _combination(sub, model)
            return _explain(sub, model)

        below, above = f"{form} < {rhs}", f"{form} > {rhs}"
        if cert.whole:  # whole numbers: the cases are the next whole values (`n ≤ 4 or n ≥ 6`)
            low, high = cert.below_case, cert.above_case
            below = f"{_linear_text(low.coeffs)} ≤ {format_number(low.rhs)}"
            above = f"{_linear_text(high.coeffs)} ≥ {format_number(high.rhs)}"
        head = f"{form} ≠ {rhs} ({_who(c.label, model)}) leaves {below} or {above}, and neither fits"
        shared = _shared_cases(cert, model, cases, c.label)
        if shared is not None:  # the claims both cases use, named once
            common, (only_below, tail_below), (only_above, tail_above) = shared
            if not only_below and not only_above and tail_below == tail_above:
                return f"{head}, given {'; '.join(common)}: in both cases, together {tail_below}"
            return (
                f"{head}, given {'; '.join(common)}: if {below}, {_together(only_below, tail_below)}; "
                f"if {above}, {_together(only_above, tail_above)}"
            )
        return f"{head}: {case(cert.below)}; {case(cert.above)}"
    if isinstance(cert, solve.Farkas):
        text = Derivation(cert, model).explain()
        return text if text is not None else _combination(cert, model)
    return "these claims cannot all hold"


# -- numbers as a reader writes them ----------------------------------------------------


def _num(x: Fraction, pct: bool = False) -> str:
    if pct:
        return format_number(Fraction(x) * 100) + "%"
    return format_number(x)


def _who(label: int, model: Model) -> str:
    if 0 <= label < len(model.claims):
        claim = model.claims[label]
        return claim.source or "definition"
    if label == solve.ASSUMPTION:
        return "case"
    return "not negative"


# -- bounds and how they were obtained -----------------------------------------------------


@dataclass
class Bound:
    var: str
    upper: bool  # True: var ≤ value (or <); False: var ≥ value (or >)
    value: Fraction
    strict: bool
    text: str  # how it was obtained, readable
    exact: bool  # from exact equalities only (no rounding, no qualifier, no inequality)
    pct: bool  # shown as a percentage
    figure: bool  # a source's own figure (not derived)
    written: str | None = None  # the figure as the source wrote it, when a figure
    who: str | None = None
    source_op: str | None = None  # the figure's own relation (= ≥ …) when a figure
    label: int = -1
    chain: str | None = None  # for a cumulative count: the earlier figure the bound comes from
    short: str | None = None  # a derived bound named by its quantity: `total = 7410 + 4090 = 11500`


def _violates(lo: Bound, hi: Bound) -> bool:
    return lo.value > hi.value or (lo.value == hi.value and (lo.strict or hi.strict))


class Derivation:
    """Reads a Farkas certificate as a chain of substitutions (see the module docstring)."""

    def __init__(self, cert, model: Model, cases: frozenset = frozenset()) -> None:
        self.cases = cases  # a split's case constraints: shown as cases, not as the claim
        self.model = model
        self.n = len(model.claims)
        self.terms = []  # (constraint, coefficients in ≤ orientation, constant, strict, is_eq)
        for c, m in cert.terms:
            if m == 0:
                continue
            e = m * _SIGN[c.op]
            k = {v: e * a for v, a in c.coeffs}
            self.terms.append((c, k, e * c.rhs, c.op in ("<", ">"), c.op == "="))
        self.bounds: dict[tuple[str, bool], Bound] = {}

    # -- figures ------------------------------------------------------------------------

    def figure(self, c, k: dict, K: Fraction, strict: bool, is_eq: bool) -> Bound:
        ((var, a),) = k.items()
        value = K / a
        upper = a > 0
        label = c.label
        who = _who(label, self.model)
        claim = self.model.claims[label] if 0 <= label < self.n else None
        pct = False
        written = None
        exact = is_eq
        op = "=" if is_eq else ("<" if strict else "≤") if upper else (">" if strict else "≥")
        if label == solve.ASSUMPTION or c in self.cases:
            text = f"{var} {op} {_num(value)}"
            return Bound(var, upper, value, strict, text, False, False, False)
        if claim is None:
            text = f"{var} cannot be negative"
            return Bound(var, upper, value, strict, text, False, False, True, None, who)
        if len(claim.quantities) > 1:  # a presupposition of a share or ratio claim
            text = f"{claim.text} ({who}) needs {var} {op} {_num(value)}, a positive base"
            return Bound(var, upper, value, strict, text, False, False, True, None, who, "presupposes", label)
        reading = claim.readings[0] if len(claim.readings) == 1 else None
        if reading is not None:
            pct = reading.kind == "percent"
            written = reading.text.strip()
            if claim.relation is not None and any(
                isinstance(x, s.Neg) and isinstance(x.operand, s.Number) for x in (claim.relation.left, claim.relation.right)
            ):
                written = "-" + written
            exact = exact and reading.interval.exact
        rel = claim.relation
        simple = reading is not None and rel is not None and _single_side(rel)
        if rel is not None and rel.op == "in" and isinstance(rel.right, s.Bounds) and isinstance(rel.left, s.Ref):
            text = f"{var} is {_written_figure(rel, None)} ({who})"
        elif simple and exact:
            text = f"{var} = {_num(value, pct)} ({who})"
        elif simple:
            shown = _written_figure(rel, written)
            bound = _num(value, pct)
            if _plain(shown, bound) or (shown.startswith("is ") and reading.value == value):
                text = f"{var} {shown} ({who})"
            else:  # the figure as written, then the end of its reading that the proof uses
                text = f"{var} {shown} ({who}), so {_WORDS[op]} {bound}"
        else:
            text = f"{var} {op} {_num(value, pct)} ({who})"
        return Bound(var, upper, value, strict, text, exact, pct, True, written, who,
                     rel.op if rel is not None else None, label)

    # -- the derivation --------------------------------------------------------------------

    def explain(self) -> str | None:
        relations = []
        for c, k, K, strict, is_eq in self.terms:
            if len(k) == 1:
                b = self.figure(c, k, K, strict, is_eq)
                if self._add(b):
                    return self._contradiction(b.var)
                if is_eq:  # an equality bounds its quantity both ways, whichever way the proof used it
                    self._add(replace(b, upper=not b.upper))
            elif k:
                relations.append((c, k, K, strict, is_eq))
        if not any(b.figure and b.written is not None for b in self.bounds.values()):
            text = self._ratios(relations)  # ratios against ratios, no figure for either quantity
            if text is not None:
                return text
        pending = list(relations)
        while pending:
            progress = False
            for item in list(pending):
                step = self._step(item, last=len(pending) == 1)
                if step is None:
                    continue
                pending.remove(item)
                progress = True
                if isinstance(step, str):
                    return step
                if self._add(step):
                    return self._contradiction(step.var)
                if step.exact and (step.var, not step.upper) not in self.bounds:
                    self._add(replace(step, upper=not step.upper))
            if not progress:
                return self._ratios(pending)
        return None

    def _add(self, b: Bound) -> bool:
        """Keep the tighter bound; True when the quantity's bounds now cross."""
        key = (b.var, b.upper)
        old = self.bounds.get(key)
        if old is None or (b.value < old.value if b.upper else b.value > old.value) or (
            b.value == old.value and b.strict and not old.strict
        ):
            self.bounds[key] = b
        lo, hi = self.bounds.get((b.var, False)), self.bounds.get((b.var, True))
        return lo is not None and hi is not None and _violates(lo, hi)

    def _contradiction(self, var: str) -> str:
        lo, hi = self.bounds[(var, False)], self.bounds[(var, True)]
        if lo.chain or hi.chain:  # a cumulative count: the earlier figure against the later one
            return f"{lo.chain or lo.text}, but {hi.chain or hi.text}: {var.split('@')[0]} never decreases"
        first, second = (hi, lo) if not hi.figure and lo.figure else (lo, hi)
        if first.figure and second.figure:
            return _two_figures(var, first, second)
        second_text = second.text
        if second.figure and second.who and second_text.endswith(f" ({second.who})"):
            second_text = second_text[: -len(f" ({second.who})")]  # the claims listed below say who
        text = f"{first.text}, but {second_text}"
        if lo.exact and hi.exact and lo.value != hi.value:
            text += f" (off by {_num(abs(lo.value - hi.value), lo.pct and hi.pct)})"
        return text

    def _needed(self, var: str, coef: Fraction) -> Bound | None:
        # in  sum k_v x_v ≤ K  a positive k_v needs a lower bound of x_v, a negative one an upper bound
        return self.bounds.get((var, coef < 0))

    def _step(self, item, last: bool):
        """A bound on the one quantity of a relation not yet bounded the way it is needed."""
        c, k, K, strict, is_eq = item
        missing = [v for v, a in k.items() if self._needed(v, a) is None]
        claim = self.model.claims[c.label] if 0 <= c.label < self.n else None
        if not missing:
            if not last:
                return None
            alone = _alone(claim, k)
            if alone is not None:  # `returned = swap + extra`: derive the total from its parts
                return self._derive(alone, c, k, K, strict, is_eq, claim)
            if claim is not None and _has_number_side(claim):
                return self._closing(c, k, K, strict, is_eq, claim)
            for u in k:  # derive each quantity from the others: one of them must cross
                saved = self.bounds.pop((u, k[u] < 0))
                b = self._derive(u, c, k, K, strict, is_eq, claim)
                self.bounds[(u, k[u] < 0)] = saved
                opposite = self.bounds.get((u, not b.upper))
                if opposite is not None and _violates(*((opposite, b) if b.upper else (b, opposite))):
                    return b
            return self._closing(c, k, K, strict, is_eq, claim)
        if len(missing) != 1:
            return None
        (u,) = missing
        return self._derive(u, c, k, K, strict, is_eq, claim)

    def _derive(self, u, c, k, K, strict, is_eq, claim) -> Bound:
        """k_u x_u ≤ K - sum_{v≠u} k_v x_v, the others at their bounds."""
        ku = k[u]
        others = [(v, a, self._needed(v, a)) for v, a in k.items() if v != u]
        rest = K - sum(a * b.value for v, a, b in others)
        value = rest / ku
        upper = ku > 0
        strict_out = strict or any(b.strict for _, _, b in others)
        exact = is_eq and all(b.exact for _, _, b in others)
        pct = bool(others) and all(b.pct for _, _, b in others)
        if claim is None and len(others) == 1 and c.label >= self.n:  # a cumulative count's time order
            b = others[0][2]
            origin = b.chain or b.text
            text = f"{u} {'≤' if upper else '≥'} {origin}, as {u.split('@')[0]} never decreases"
            return Bound(u, upper, value, strict_out, text, False, b.pct, False, chain=origin)
        ratio = _ratio_parts(claim, c)
        if ratio is not None and len(others) == 1 and others[0][0] == ratio[1] and u == ratio[0]:
            # num op r * den: "total_score / answers = 4.74 (surveyA) with answers = 25 puts …"
            num, den, share = ratio
            b = others[0][2]
            r = -others[0][1] / ku
            word = "at most" if upper else "at least"
            factor = _num(r, pct=share)
            text = (
                f"{claim.text} ({_who(c.label, self.model)}) with {_bare(b, _who(c.label, self.model))} puts {u} {word} "
                f"{factor} × {_num(b.value)} = {_num(value)}"
            )
            return Bound(u, upper, value, strict_out, text, False, False, False)
        # a sum: show the other side with its figures substituted
        names, values, written = [], [], []
        for v, a, b in sorted(others, key=lambda t: self._order(claim)(t[0])):
            coef = -a / ku  # u op sum coef_v x_v + rest_const
            names.append(_term(coef, v, first=not names))
            values.append(_term(coef, _num(b.value, b.pct), first=not values, raw=True))
            as_written = (b.written if b.figure and b.written and not b.exact and b.source_op in ("=", "~")
                          else _num(b.value, b.pct))
            written.append(_term(coef, as_written, first=not written, raw=True))
        const = K / ku
        if const:
            names.append(_signed(const, pct))
            values.append(_signed(const, pct))
            written.append(_signed(const, pct))
        rel_shown = "=" if exact else ("≤" if upper else "≥")
        if len(values) > 1:
            figures = f"{' '.join(values)} = {_num(value, pct)}"
        else:
            figures = " ".join(values)
        if written != values:  # rounded or qualified figures: as written, then the ends used
            figures = f"{' '.join(written)} {rel_shown} {figures}"
            rel_shown = "="
        text = f"{' '.join(names)} {rel_shown} {figures}"
        if u != _alone(claim, k):  # solved for a quantity that is not alone on a side: name it
            text = f"{u} {rel_shown} {text}"
        short = f"{u} {rel_shown} {figures}"
        if claim is not None and claim.is_definition is False:
            text = f"{text} ({_who(c.label, self.model)})"
        return Bound(u, upper, value, strict_out, text, exact, pct, False, short=short)

    def _closing(self, c, k, K, strict, is_eq, claim) -> str:
        """Every quantity of the last relation is bounded: its sum against its constant side."""
        names, written, values = [], [], []
        total = Fraction(0)
        exact = True
        pct = True
        loose = False
        flip = sum(1 for a in k.values() if a < 0) > len(k) / 2  # show mostly-positive coefficients
        for v, a in sorted(k.items(), key=lambda t: self._order(claim)(t[0])):
            b = self._needed(v, a)
            a = -a if flip else a
            coef = a if a > 0 else -a
            sign_first = not names
            names.append(_term(a, v, first=sign_first))
            values.append(_term(a, _num(b.value, b.pct), first=sign_first, raw=True))
            written.append(_term(a, b.written if b.written else _num(b.value, b.pct), first=sign_first, raw=True))
            total += a * b.value
            exact = exact and b.exact
            pct = pct and (b.pct or (b.who == "not negative" and b.value == 0))
            loose = loose or not b.exact
            del coef
        rel = ("≤" if flip else "≥") if loose else "="
        K = -K if flip else K
        lhs = " ".join(names)
        shown_written = " ".join(written)
        shown_values = " ".join(values)
        if shown_written != shown_values:
            figures = f"{lhs} = {shown_written} {rel} {shown_values} = {_num(total, pct)}"
        else:
            figures = f"{lhs} {rel} {shown_values} = {_num(total, pct)}"
        who = _who(c.label, self.model)
        side = f"{lhs} {'<' if strict else '≤' if not is_eq else '='} {_num(K, pct)}"
        if claim is not None:
            side = f"{claim.text} ({'definition' if claim.is_definition else who})"
        text = f"{figures}, but {side}"
        if exact and is_eq and total != K:
            text += f" (off by {_num(abs(total - K), pct)})"
        return text

    def _ratios(self, pending) -> str | None:
        """Ratio claims on one pair that cannot all hold: compare the ratios themselves."""
        if not pending:
            return None
        pair = None
        bounds: dict[bool, list] = {True: [], False: []}
        for c, k, K, strict, is_eq in pending:
            claim = self.model.claims[c.label] if 0 <= c.label < self.n else None
            ratio = _ratio_parts(claim, c)
            if ratio is None or K != 0 or len(k) != 2:
                return None
            num, den, share = ratio
            if pair is None:
                pair = (num, den, share)
            elif pair[:2] != (num, den):
                return None
            kn, kd = k[num], k[den]
            r = -kd / kn
            upper = kn > 0
            bounds[upper].append((r, c.label, claim.text, _who(c.label, self.model)))
        if not bounds[True] or not bounds[False] or pair is None:
            return None
        hi = min(bounds[True])
        lo = max(bounds[False])
        num, den, share = pair
        what = "the share" if share else "the ratio"
        parts = sorted([(lo, "at least"), (hi, "at most")], key=lambda t: t[0][1])
        (a, wa), (b, wb) = parts
        return (
            f"{a[2]} ({a[3]}) puts {what} {wa} {_num(a[0], share)}, "
            f"but {b[2]} ({b[3]}) puts it {wb} {_num(b[0], share)}"
        )

    def _order(self, claim):
        text = claim.text if claim is not None else ""

        def key(var: str):
            return (_name_at(text, var.split("@")[0]), var)

        return key


def _name_at(text: str, name: str) -> int:
    """Where ``name`` is first written in ``text`` as a whole name (not part of a longer one,
    ``(?<![\\w.])name(?![\\w.])``); ``len(text)`` when it is not.  No regular expression:
    each would be compiled for its one name."""
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        if (start == 0 or not _in_name(text[start - 1])) and (end == len(text) or not _in_name(text[end])):
            return start
        start = text.find(name, start + 1)
    return len(text)


def _in_name(ch: str) -> bool:
    """A character a name can hold: what ``\\w`` matches (``str.isalnum()`` or ``_``), or a dot."""
    return ch.isalnum() or ch == "_" or ch == "."


# -- pieces of text ------------------------------------------------------------------


def _single_side(rel: s.Relation) -> bool:
    """``q = NUMBER``, ``NUMBER q`` (a phrase), ``q in a..b``, ``q >= n``, ``q = -n``: one quantity, one number."""
    sides = (rel.left, rel.right)
    return any(isinstance(x, s.Ref) for x in sides) and any(
        isinstance(x, (s.Number, s.Bounds)) or (isinstance(x, s.Neg) and isinstance(x.operand, s.Number))
        for x in sides
    )


def _has_number_side(claim) -> bool:
    rel = claim.relation
    return rel is not None and (isinstance(rel.left, s.Number) or isinstance(rel.right, s.Number))


def _alone(claim, k: dict) -> str | None:
    """The quantity written alone on one side of a relation (``returned`` in ``returned = a + b``)."""
    if claim is None or claim.relation is None or claim.relation.op == "in":
        return None
    for side in (claim.relation.left, claim.relation.right):
        if isinstance(side, s.Ref):
            for v in k:
                if v.split("@")[0] == side.name:
                    return v
    return None


def _written_figure(rel: s.Relation, written: str | None) -> str:
    if rel.op == "in" and isinstance(rel.right, s.Bounds):
        return f"between {rel.right.low.text} and {rel.right.high.text}"
    op = rel.op if isinstance(rel.left, s.Ref) else _FLIP.get(rel.op, rel.op)
    if op == "=" and written and written[0].isalpha():
        return f"is {written}"  # a qualifier: "more than 200"
    if op == "~":
        return f"is {written}" if written and written[0].isalpha() else f"is about {written}"
    return f"{_SYMBOL.get(op, op)} {written}"


def _plain(shown: str, bound: str) -> bool:
    """Does the figure as written already say its bound ("> 200", "= 25")?"""
    return shown.split(" ", 1)[-1] == bound


def _bare(b: Bound, who: str) -> str:
    """A figure for 'with answers = 25', without its source when that is the claim's own."""
    if b.short is not None:
        return b.short
    return b.text if b.who != who else re.sub(r" \([^()]*\)$", "", b.text)


def _two_figures(var: str, first: Bound, second: Bound) -> str:
    """Two figures on one quantity: ``more than 200 (police) but fewer than 150 (hospital)``."""
    if first.label > second.label:
        first, second = second, first
    if first.exact and second.exact:
        text = f"{first.text} but {second.text}"
        if first.value != second.value:
            text += f" (off by {_num(abs(first.value - second.value), first.pct and second.pct)})"
        return text
    if "presupposes" in (first.source_op, second.source_op):
        if first.source_op != "presupposes":
            first, second = second, first
        return f"{first.text}, but {second.text}"
    a = first.text[len(var) + 1:] if first.text.startswith(var + " ") else first.text
    b = second.text[len(var) + 1:] if second.text.startswith(var + " ") else second.text
    a, b = (x[3:] if x.startswith("is ") else x[2:] if x.startswith("= ") else x for x in (a, b))
    return f"{var}: {a}{', but' if ', so ' in a else ' but'} {b}"


def _ratio_parts(claim, c) -> tuple[str, str, bool] | None:
    """(numerator, base, is a share) when ``c`` is the two-quantity bound of ``A / B = r`` or ``A = r% of B``."""
    if claim is None or claim.relation is None or len(c.coeffs) != 2:
        return None
    rel = claim.relation
    for left, right in ((rel.left, rel.right), (rel.right, rel.left)):
        if isinstance(left, s.BinOp) and left.op == "/" and isinstance(left.left, s.Ref) and isinstance(left.right, s.Ref):
            return _names(c, left.left.name, left.right.name, False)
        if isinstance(left, s.Ref) and isinstance(right, s.ShareOf) and isinstance(right.base, s.Ref):
            return _names(c, left.name, right.base.name, True)
    return None


def _names(c, num: str, den: str, share: bool):
    vars_ = {v.split("@")[0]: v for v, _ in c.coeffs}
    if num in vars_ and den in vars_:
        return vars_[num], vars_[den], share
    return None


def _term(coef: Fraction, what: str, first: bool, raw: bool = False) -> str:
    mag = abs(coef)
    body = what if mag == 1 else f"{format_number(mag)} × {what}" if raw else f"{format_number(mag)}·{what}"
    if first:
        return f"-{body}" if coef < 0 else body
    return f"{'-' if coef < 0 else '+'} {body}"


def _signed(x: Fraction, pct: bool) -> str:
    return f"{'-' if x < 0 else '+'} {_num(abs(x), pct)}"


def _linear_text(coeffs) -> str:
    parts = []
    for i, (var, c) in enumerate(coeffs):
        sign = "-" if c < 0 else ("+" if i else "")
        mag = abs(c)
        coef = "" if mag == 1 else f"{format_number(mag)}·"
        parts.append(f"{sign} {coef}{var}".strip() if i else f"{sign}{coef}{var}")
    return " ".join(parts)


# -- a branch: no whole number fits ------------------------------------------------------


def _passes_to(cert):
    """The case that is the whole story of a branch whose other case lies outside the range
    the claims allow at all (a bound rounded to whole numbers: ``votes > 0``, so ``votes ≥
    1``); None for any other certificate."""
    r = cert.relaxed if isinstance(cert, solve.Branch) else None
    if r is None:
        return None
    n = cert.bound
    below_out = r.low is not None and (r.low > n or (r.low == n and r.low_open))
    above_out = r.high is not None and (r.high < n + 1 or (r.high == n + 1 and r.high_open))
    if below_out and not above_out and isinstance(cert.below, solve.Farkas):
        return cert.above
    if above_out and not below_out and isinstance(cert.above, solve.Farkas):
        return cert.below
    return None


def _branch(cert, model: Model) -> str:
    special = _special_branch(cert, model)
    if special is not None:
        return special
    var = cert.var
    ladder = _ladder(cert, model)
    if ladder is not None:
        return f"{var} must be a whole number: {ladder}"
    return (
        f"{var} must be a whole number: {var} ≤ {cert.bound} fails because {_explain(cert.below, model)}; "
        f"{var} ≥ {cert.bound + 1} fails because {_explain(cert.above, model)}"
    )


#: branches on one quantity, one rung apart, from which their cases are said as a ladder
LADDER = 3
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _ladder(cert, model: Model) -> str | None:
    """A chain of branches on one quantity a rung apart (``≤ 155`` or ``≥ 156``, then within
    ``≤ 155``, ``≤ 154`` or ``≥ 155`` …), said as its cases in order, those that fail for
    the same reason but for the numbers said once: ``south_returned ≤ 147 fails because …;
    south_returned = 148 fails because …; likewise south_returned = 149 to 155 and
    south_returned ≥ 156``.  None for a chain shorter than :data:`LADDER`."""
    var = cert.var
    for down in (True, False):
        steps = [cert]
        while True:
            nxt = steps[-1].below if down else steps[-1].above
            while _passes_to(nxt) is not None:  # (a bound rounded on the way says nothing)
                nxt = _passes_to(nxt)
            if not (isinstance(nxt, solve.Branch) and nxt.var == var and nxt.coeffs == cert.coeffs
                    and nxt.bound == steps[-1].bound + (-1 if down else 1)
                    and _special_branch(nxt, model) is None):
                break
            steps.append(nxt)
        if len(steps) >= LADDER:
            break
    else:
        return None
    if down:  # ≤ the last's bound, then = each rung from the deepest up, then ≥ the first's bound + 1
        cases = [(("≤", steps[-1].bound), steps[-1].below)]
        cases += [(("=", node.bound + 1), node.above) for node in reversed(steps[1:])]
        cases.append((("≥", cert.bound + 1), cert.above))
    else:
        cases = [(("≤", cert.bound), cert.below)]
        cases += [(("=", node.bound), node.below) for node in steps[1:]]
        cases.append((("≥", steps[-1].bound + 1), steps[-1].above))
    said = []  # [(first case, why, the cases after it that fail alike)]
    for case, sub in cases:
        why = _explain(sub, model)
        if said and _DIGITS.sub("#", why) == _DIGITS.sub("#", said[-1][1]):
            said[-1][2].append(case)
        else:
            said.append((case, why, []))
    out = []
    for (op, n), why, alike in said:
        text = f"{var} {op} {n} fails because {why}"
        if alike:
            text += f"; likewise {_cases_text(var, alike)}"
        out.append(text)
    return "; ".join(out)


def _cases_text(var: str, cases: list) -> str:
    """``south_returned = 149 to 155 and south_returned ≥ 156``: cases in order, a run of
    rungs as one."""
    runs: list[list] = []
    for op, n in cases:
        if op == "=" and runs and runs[-1][0] == "=" and runs[-1][2] == n - 1:
            runs[-1][2] = n
        else:
            runs.append([op, n, n])
    texts = [f"{var} {op} {a}" if a == b else f"{var} {op} {a} to {b}" for op, a, b in runs]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


def _special_branch(cert, model: Model) -> str | None:
    """A branch said otherwise than by its two cases: one case outside the claims' range, a
    form fixed at a fraction, or a gap no whole number fits; None for any other."""
    var = cert.var
    r = cert.relaxed
    story = _passes_to(cert)
    if story is not None:
        return _explain(story, model)
    if r.exact and r.low is not None and r.low.denominator != 1 and isinstance(cert.below, solve.Farkas):
        # a combination of equalities fixes a form at a fraction: ``y - z = 0.5``
        said = []
        for c, _ in cert.below.terms:
            if 0 <= c.label < len(model.claims):
                text = f"{model.claims[c.label].text} ({_who(c.label, model)})"
                if text not in said:
                    said.append(text)
        if said:
            return f"{' and '.join(said)} together make {var} = {format_number(r.low)}, but {var} must be a whole number"
    if cert.gap and isinstance(cert.below, solve.Farkas) and isinstance(cert.above, solve.Farkas):
        lo = _case_bound(cert.below, model, var, upper=False)
        hi = _case_bound(cert.above, model, var, upper=True)
        if lo is not None and hi is not None:
            if lo.text.rsplit(" at least ", 1)[0] == hi.text.rsplit(" at most ", 1)[0] and " at least " in lo.text:
                head = lo.text.rsplit(" at least ", 1)[0]
                low_part = lo.text.rsplit(" at least ", 1)[1]
                high_part = hi.text.rsplit(" at most ", 1)[1]
                return f"{head} between {low_part} and {high_part}: no whole number fits"
            return f"{var} must be a whole number, but {lo.text} and {hi.text}: no whole number fits"
        r = cert.relaxed
        low = format_number(r.low) if r.low is not None else "-∞"
        high = format_number(r.high) if r.high is not None else "∞"
        return f"{var} must be a whole number, but the claims put it between {low} and {high}: no whole number fits"
    return None


def _case_bound(cert, model: Model, var: str, upper: bool) -> Bound | None:
    """The bound on ``var`` the case's certificate derives against the case assumption."""
    d = Derivation(solve.Farkas(tuple((c, m) for c, m in cert.terms if c.label != solve.ASSUMPTION),
                                cert.relation, cert.constant), model)
    # run the derivation without the assumption; the bound it reaches on var is the answer
    d.explain()
    b = d.bounds.get((var, upper))
    return b


# -- a scan: no whole base leaves a whole part ------------------------------------------


#: the stretches a chain of scans rules out, past which the first three and the last two are said
STRETCHES = 8


def _scan(cert, model: Model) -> str:
    """``el.red = 53.83% of el.total (a) puts el.red between 53.825% and 53.835% of el.total, and
    el.total > 0 … and el.total ≤ 300 …: no whole el.total from 1 to 300 gives a whole el.red
    there (the smallest that does is 366)``; with several parts, ``… gives whole values to
    p1, p2 and p3 at once``.  A chain of scans of the same base that say the same (a ladder
    of rungs, each jumped) is said once, with every stretch it rules out: ``no whole
    returned_2 among 640, 642 to 644, … and 782 gives …``."""
    base = cert.var
    lead, whole, parts, intervals, ends = _scan_lead(cert, model)
    stretches = [(cert.low, cert.high)]
    beyond = [sub for sub in (cert.below, cert.above) if not isinstance(sub, solve.Farkas)]
    while len(beyond) == 1:
        nxt = beyond[0]
        while _passes_to(nxt) is not None:  # (a bound rounded on the way says nothing)
            nxt = _passes_to(nxt)
        if not isinstance(nxt, solve.Scan) or nxt.var != base:
            break
        *said, more = _scan_lead(nxt, model)
        if said[:2] != [lead, whole]:
            break
        ends += [end for end in more if end not in ends]
        stretches.append((nxt.low, nxt.high))
        beyond = [sub for sub in (nxt.below, nxt.above) if not isinstance(sub, solve.Farkas)]
    stretches.sort()
    if ends:
        lead += ", and " + " and ".join(ends)
    if len(stretches) > 1:
        among = [str(a) if a == b else f"{a} to {b}" for a, b in stretches]
        if len(among) > STRETCHES:  # the first and the last few, and how many
            among = among[:3] + ["…"] + among[-2:-1] + [f"{among[-1]} ({len(stretches)} stretches)"]
        text = f"{lead}: no whole {base} among {', '.join(among[:-1])} and {among[-1]} gives {whole} there"
    elif cert.low == cert.high:
        text = f"{lead}: {base} = {cert.low} gives no {whole[2:] if len(parts) == 1 else whole} there"
    else:
        text = f"{lead}: no whole {base} from {cert.low} to {cert.high} gives {whole} there"
    if stretches[0][0] == 1 and intervals:
        t = 1
        for _ in range(1000):  # the smallest base that admits every part: the same fixpoint as the search's
            nxt = t
            for _, _, (a, a_open, b, b_open) in intervals:
                f = first_base(a, a_open, b, b_open, t)
                nxt = None if f is None or nxt is None else max(nxt, f)
            if nxt is None or nxt == t:
                break
            t = nxt
        if nxt is not None and nxt == t:
            text += f" (the smallest that does is {t})"
    for sub in beyond:
        text += f"; beyond that, {_explain(sub, model)}"
    return text


def _scan_lead(cert, model: Model) -> tuple[str, str, list, list, list]:
    """What a scan rests on, as text (the claims, the intervals they put the parts in), what
    it rules out (``a whole el.red``), its parts and their intervals, and the ends of its
    range, as text: the bounds its sub-proofs derive, or the claims that set them."""
    base = cert.var
    said = []
    intervals = []
    rest = []  # a sum's other terms, held in no ratio to the base: their bounds, as text
    for part in cert.others:
        mine = [c for c in cert.constraints if any(v == part for v, _ in c.coeffs)]
        a, a_open, b, b_open = ratio_interval(mine, part, base)
        alone = [c for c in mine if len(c.coeffs) == 1]
        if a is None and b is None and alone:
            rest.append(_whole_bounds(part, alone, model))
            mine = [c for c in mine if c not in alone]
        share = False
        for c in mine:
            claim = model.claims[c.label] if 0 <= c.label < len(model.claims) else None
            if claim is None:
                continue
            ratio = _ratio_parts(claim, c)
            share = share or (ratio is not None and ratio[2] and ratio[0] == part and ratio[1] == base)
            text = f"{claim.text} ({_who(c.label, model)})"
            if text not in said:
                said.append(text)
        if a is None or b is None:
            continue
        if share:
            between = f"{_num(a, True)} and {_num(b, True)} of {base}"
        else:
            between = f"{_num(a)} × {base} and {_num(b)} × {base}"
        if a_open or b_open:
            between += f" ({'open' if a_open and b_open else 'the low end open' if a_open else 'the high end open'})"
        intervals.append((part, between, (a, a_open, b, b_open)))
    parts = [p for p, _, _ in intervals]
    verb = "puts" if len(said) == 1 else "put"
    lead = (" and ".join(said) or "the claims") + f" {verb} " + "; ".join(f"{p} between {bt}" for p, bt, _ in intervals)
    ends = []
    for sub, upper in ((cert.below, False), (cert.above, True)):
        bound = _case_bound(sub, model, base, upper) if isinstance(sub, solve.Farkas) else None
        text = bound.text if bound is not None else (
            _claimed_end(base, cert.high if upper else cert.low, upper, model) if isinstance(sub, solve.Farkas) else None)
        if text is not None and text not in ends and text not in said:
            ends.append(text)
    whole = f"a whole {parts[0]}" if len(parts) == 1 else f"whole values to {', '.join(parts[:-1])} and {parts[-1]} at once"
    if rest:
        whole = (f"a whole {parts[0]} that, with {' and '.join(rest)}, adds up to {base}" if len(parts) == 1 else
                 f"whole values to {', '.join(parts[:-1])} and {parts[-1]} that, with {' and '.join(rest)}, add up to {base}")
    return lead, whole, parts, intervals, ends


def _claimed_end(var: str, end: int, upper: bool, model: Model) -> str | None:
    """The claim that ends a scan's range: one whose constraints on ``var`` alone leave it
    at most (``upper``) or at least ``end`` whole -- ``returned < 11990 (b)`` for 11989.  A
    scan rests on the bounds its node holds, which its certificate gives as the case's
    (the search's own), not as the claim that set them.  Only the conflict's claims are
    looked at (``blamed``: none without them)."""
    for label in sorted(getattr(model, "blamed", ())):
        if not 0 <= label < len(model.claims):
            continue
        claim = model.claims[label]
        for coeffs, op, rhs in claim.constraints:
            if len(coeffs) == 1 and coeffs[0][0] == var and op != "!=" and \
                    _whole_ends(coeffs[0][1], op, rhs).get(upper) == end:
                return f"{claim.text} ({_who(label, model)})"
    return None


def _whole_ends(a: Fraction, op: str, rhs) -> dict[bool, int]:
    """The whole ends ``a·x op rhs`` leaves ``x``: ``{True: its highest}``, ``{False: its
    lowest}``, or both for ``=``."""
    value = Fraction(rhs) / a
    out = {}
    for upper in ((True, False) if op == "=" else ((op in ("<=", "<")) == (a > 0),)):
        n = math.floor(value) if upper else math.ceil(value)
        if op in ("<", ">") and n == value:
            n += -1 if upper else 1
        out[upper] = n
    return out


def _whole_bounds(var: str, constraints, model: Model) -> str:
    """``returned.children ≥ 1``: the whole values constraints on ``var`` alone leave it, with
    the source of a figure (not of a case: a split ``!=`` is explained where it is split)."""
    lo = hi = None
    who = []
    for c in constraints:
        ((_, a),) = c.coeffs
        for upper, n in _whole_ends(a, c.op, c.rhs).items():
            if upper:
                hi = n if hi is None else min(hi, n)
            else:
                lo = n if lo is None else max(lo, n)
        claim = model.claims[c.label] if 0 <= c.label < len(model.claims) else None
        if claim is not None and (claim.relation is None or claim.relation.op != "!="):
            text = _who(c.label, model)
            if text not in who:
                who.append(text)
    if lo is not None and lo == hi:
        text = f"{var} = {_num(Fraction(lo))}"
    elif lo is not None and hi is not None:
        text = f"{var} from {_num(Fraction(lo))} to {_num(Fraction(hi))}"
    else:
        text = f"{var} ≥ {_num(Fraction(lo))}" if lo is not None else f"{var} ≤ {_num(Fraction(hi))}"
    return text + (f" ({', '.join(who)})" if who else "")


# -- the fallback: the certificate's plain combination -----------------------------------


def _shared_cases(cert, model: Model, cases, label: int):
    """The two cases of a split ``!=``, each a plain combination: ``(common, (only, tail),
    (only, tail))`` with the claims both use (less the ``!=`` itself, whose cases the
    explanation names), what each adds, and each one's conclusion; None when a case is
    explained otherwise or the two share no claim."""
    parts = []
    for sub in (cert.below, cert.above):
        if not isinstance(sub, solve.Farkas) or Derivation(sub, model, cases).explain() is not None:
            return None
        got = _combination_parts(sub, model)
        if got is None:
            return None
        said, tail = got
        parts.append(([text for who, text in said if who != label], tail))
    (first, tail_below), (second, tail_above) = parts
    common = [text for text in first if text in second]
    if not common:
        return None
    return (common, ([t for t in first if t not in common], tail_below),
            ([t for t in second if t not in common], tail_above))


def _together(said: list[str], tail: str) -> str:
    return f"{'; '.join(said)}; together {tail}" if said else f"together {tail}"


def _combination(cert, model: Model) -> str:
    """Each relation as its claim says it, then their sum against the figures."""
    got = _combination_parts(cert, model)
    if got is None:
        return "these claims cannot all hold"
    said, tail = got
    return _together([text for _, text in said], tail)


def _combination_parts(cert, model: Model) -> tuple[list[tuple[int, str]], str] | None:
    """:func:`_combination` in parts: each relation as its claim says it, with its label, and
    the conclusion (``north - returned ≤ -2000, but returned < 394 (mod)``); None when no
    relation is a claim."""
    d = Derivation(cert, model)
    said, figures = [], []
    combined: dict[str, Fraction] = {}
    constant = Fraction(0)
    strict = False
    for c, k, K, st, is_eq in d.terms:
        if len(k) == 1:
            figures.append(d.figure(c, k, K, st, is_eq).text)
            continue
        claim = model.claims[c.label] if 0 <= c.label < d.n else None
        ratio = _ratio_parts(claim, c)
        if ratio is not None and K == 0:
            num, den, share = ratio
            r = -k[den] / k[num]
            word = "at most" if k[num] > 0 else "at least"
            of = f"{_num(r, True)} of {den}" if share else f"{_num(r)} × {den}"
            said.append((c.label, f"{claim.text} ({_who(c.label, model)}) puts {num} {word} {of}"))
        elif claim is not None:
            said.append((c.label, f"{claim.text} ({'definition' if claim.is_definition else _who(c.label, model)})"))
        strict = strict or st
        constant += K
        for v, a in k.items():
            combined[v] = combined.get(v, Fraction(0)) + a
    combined = {v: a for v, a in combined.items() if a}
    if combined:  # scale so the first coefficient is ±1
        first = abs(next(iter(sorted(combined.items())))[1])
        combined = {v: a / first for v, a in combined.items()}
        constant /= first
    if not said:
        return None
    form = _linear_text(tuple(sorted(combined.items()))) if combined else "0"
    tail = f"{form} {'<' if strict else '≤'} {format_number(constant)}"
    if figures:
        tail += f", but {' and '.join(figures)}"
    else:
        tail += ", which is false"
    return said, tail
