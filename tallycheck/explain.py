"""The arithmetic that refutes a conflict, written from the solver's own certificate.

A Farkas certificate is a combination of constraints that sums to a false statement
about constants.  We split it into *figures* (constraints on one quantity: the
numbers the sources gave) and *relations* (constraints on several quantities:
definitions and structured claims).  The relations, combined with the certificate's
multipliers, make one relation; substituting the figures into it shows the gap:

    returned.swap + returned.extra = 173 + 70 = 243, but returned = 248 (off by 5)

A branch certificate (no whole number fits) and a split (a `!=` that rules out the
last value) are explained from their parts.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .model import Model
from .numtext import format_number
from . import solve

_SYMBOL = {"<=": "≤", ">=": "≥", "!=": "≠", "<": "<", ">": ">", "=": "="}
_FLIP = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "=", "!=": "!="}


def explain(certificate, model: Model) -> str:
    try:
        return _explain(certificate, model)
    except Exception:  # an explanation must never hide the conflict itself
        return "these claims cannot all hold"


def _explain(cert, model: Model) -> str:
    if isinstance(cert, solve.Branch):
        r = cert.relaxed
        lo = format_number(r.low) if r.low is not None else "-∞"
        hi = format_number(r.high) if r.high is not None else "∞"
        return f"{cert.var} must be a whole number, but the claims put it between {lo} and {hi}: no whole number fits"
    if isinstance(cert, solve.Split):
        c = cert.constraint
        return (
            f"{_linear_text(c.coeffs)} {_SYMBOL[c.op]} {format_number(c.rhs)} ({_who(c.label, model)}), "
            f"but {_explain(cert.below, model)}; and {_explain(cert.above, model)}"
        )
    if isinstance(cert, solve.Farkas):
        return _farkas(cert, model)
    return "these claims cannot all hold"


def _who(label: int, model: Model) -> str:
    if label < len(model.claims):
        claim = model.claims[label]
        return claim.source or "definition"
    return "not negative"


def _bound(coeffs, op: str, rhs: Fraction) -> tuple[str, str, Fraction]:
    """A one-quantity constraint c*x op r as x op' r/c."""
    (var, c), = coeffs
    value = rhs / c
    return var, (op if c > 0 else _FLIP[op]), value


def _farkas(cert, model: Model) -> str:
    figures: dict[str, list[tuple[str, Fraction, str]]] = {}
    relations = []
    for constraint, mult in cert.terms:
        if mult == 0:
            continue
        if len(constraint.coeffs) == 1:
            var, op, value = _bound(constraint.coeffs, constraint.op, constraint.rhs)
            figures.setdefault(var, []).append((op, value, _who(constraint.label, model)))
        elif constraint.coeffs:
            relations.append((constraint, mult))
    if not relations:
        parts = []
        for var, items in figures.items():
            for op, value, who in items:
                if who == "not negative":
                    parts.append(f"{var} cannot be negative")
                else:
                    parts.append(f"{var} {_SYMBOL[op]} {format_number(value)} ({who})")
        text = " but ".join(parts)
        eq = [v for items in figures.values() for op, v, _ in items if op == "="]
        if len(eq) == 2 and eq[0] != eq[1]:
            text += f" (off by {format_number(abs(eq[0] - eq[1]))})"
        return text or "these claims cannot all hold"
    # combine the relations with their multipliers
    combined: dict[str, Fraction] = {}
    constant = Fraction(0)
    for constraint, mult in relations:
        constant += mult * constraint.rhs
        for var, c in constraint.coeffs:
            combined[var] = combined.get(var, Fraction(0)) + mult * c
    combined = {v: c for v, c in combined.items() if c != 0}
    order = _written_order([c for c, _ in relations], model)
    positive = sorted(((v, c) for v, c in combined.items() if c > 0), key=lambda t: order(t[0]))
    negative = sorted(((v, -c) for v, c in combined.items() if c < 0), key=lambda t: order(t[0]))
    if len(negative) > len(positive):
        positive, negative, constant = negative, positive, -constant

    def side(terms):
        names, values, total, loose = [], [], Fraction(0), set()
        for var, c in terms:
            items = figures.get(var, [])
            chosen = next((i for i in items if i[0] == "="), items[0] if items else None)
            coef = "" if c == 1 else f"{format_number(c)}·"
            names.append(f"{coef}{var}")
            if chosen is None:
                values.append("?")
                continue
            op, value, _ = chosen
            if op != "=":
                loose.add(op)
            values.append(f"{coef}{format_number(value)}")
            total += c * value
        return names, values, total, loose

    pn, pv, pt, pl = side(positive)
    nn, nv, nt, nl = side(negative)
    if constant:  # positive side = negative side + constant
        nn.append(format_number(constant))
        nv.append(format_number(constant))
        nt += constant

    def phrase(names, values, total, loose):
        rel = "=" if not loose else ("≥" if loose <= {">=", ">"} else "≤" if loose <= {"<=", "<"} else "≈")
        text = " + ".join(names)
        if len(values) > 1:
            return f"{text} {rel} {' + '.join(values)} = {format_number(total)}"
        if not values:
            return f"{text} = 0"
        return f"{text} {rel} {values[0]}"

    text = f"{phrase(pn, pv, pt, pl)}, but {phrase(nn, nv, nt, nl)}"
    if "?" not in pv + nv and pt != nt and not (pl or nl):
        text += f" (off by {format_number(abs(pt - nt))})"
    return text


def _linear_text(coeffs) -> str:
    parts = []
    for i, (var, c) in enumerate(coeffs):
        sign = "-" if c < 0 else ("+" if i else "")
        mag = abs(c)
        coef = "" if mag == 1 else f"{format_number(mag)}·"
        parts.append(f"{sign} {coef}{var}".strip() if i else f"{sign}{coef}{var}")
    return " ".join(parts)


def _written_order(constraints, model: Model):
    """Sort key: where a quantity first appears in the relations as written."""
    text = " ".join(
        model.claims[c.label].text for c in constraints if c.label < len(model.claims)
    )

    def key(var: str):
        m = re.search(r"(?<![\w.])" + re.escape(var.split("@")[0]) + r"(?![\w.])", text)
        return (m.start() if m else len(text), var)

    return key
