"""Expressions as read, made safe for the stages after reading: long sums regrouped, nesting bounded.

Every stage after reading walks an expression recursively (the builder, the explanations,
writing it back as text), so the depth of an expression must stay small whatever the
input.  A sum is the one long expression people write (``define total = a1 + a2 + … +
a200000``): a chain of more than :data:`REGROUP_FROM` terms is regrouped into a balanced
tree of the same terms and signs, ``((a + b) + (c + d))`` -- the same exact linear sum, of
depth log2(terms).  Anything else nested deeper than :data:`MAX_NESTING` levels
(parentheses, signs, products: ``-(-(-(…x)))``) is refused with a located error.  Both
walks here are iterative: no input can make them recurse.
"""

from __future__ import annotations

from . import syntax as s

REGROUP_FROM = 64  # a sum of more terms than this is regrouped (shorter ones are left as written)
MAX_NESTING = 100  # levels of an expression after regrouping; deeper is an error
# Each level or term takes at least one character: a text no longer than this holds nothing to
# regroup and nothing too deep (the readers skip both walks for it: most lines are short)
SHORT_TEXT = min(MAX_NESTING, 2 * REGROUP_FROM)


def regrouped(expr):
    """``expr`` with every sum of more than :data:`REGROUP_FROM` terms regrouped (the same object
    when nothing changes)."""
    done: dict[int, object] = {}
    chains: dict[int, list[tuple[str, object]]] = {}
    stack: list[tuple[object, bool]] = [(expr, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in done:  # met before: a subexpression shared by two parents
            continue
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node, chains))
            continue
        if isinstance(node, s.BinOp) and node.op in "+-":
            written = chains.pop(id(node))
            terms = [(sign, done[id(term)]) for sign, term in written]
            if len(terms) > REGROUP_FROM:
                done[id(node)] = _balanced(terms)
            elif all(new is old for (_, new), (_, old) in zip(terms, written)):
                done[id(node)] = node
            else:
                done[id(node)] = _left_deep(terms)
        elif isinstance(node, s.BinOp):
            left, right = done[id(node.left)], done[id(node.right)]
            done[id(node)] = node if left is node.left and right is node.right else s.BinOp(node.op, left, right)
        elif isinstance(node, s.Neg):
            operand = done[id(node.operand)]
            done[id(node)] = node if operand is node.operand else s.Neg(operand)
        elif isinstance(node, s.ShareOf):
            base = done[id(node.base)]
            done[id(node)] = node if base is node.base else s.ShareOf(node.share, base)
        else:
            done[id(node)] = node
    return done[id(expr)]


def nesting(expr) -> int:
    """How many levels deep ``expr`` goes (a number or a name alone: 1)."""
    deepest = 0
    stack = [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, s.BinOp):
            stack.append((node.left, depth + 1))
            stack.append((node.right, depth + 1))
        elif isinstance(node, s.Neg):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, s.ShareOf):
            stack.append((node.base, depth + 1))
    return deepest


def too_deep(expr) -> str | None:
    """None, or the plain reason why ``expr`` (regrouped) is nested too deeply to be read."""
    depth = nesting(expr)
    if depth <= MAX_NESTING:
        return None
    return (f"this expression is nested {depth} levels deep (parentheses, signs, products); tallycheck reads "
            f"at most {MAX_NESTING} levels (a sum may have any number of terms): write it more simply, or "
            "split it with `define`")


def _chain(node: s.BinOp) -> list[tuple[str, object]]:
    """The terms of a sum ``a - b + c …`` with their signs, first term first (its sign ``+``)."""
    terms: list[tuple[str, object]] = []
    while isinstance(node, s.BinOp) and node.op in "+-":
        terms.append((node.op, node.right))
        node = node.left
    terms.append(("+", node))
    terms.reverse()
    return terms


def _children(node, chains: dict[int, list]) -> list:
    if isinstance(node, s.BinOp) and node.op in "+-":
        chain = chains[id(node)] = _chain(node)
        return [term for _, term in chain]
    if isinstance(node, s.BinOp):
        return [node.left, node.right]
    if isinstance(node, s.Neg):
        return [node.operand]
    if isinstance(node, s.ShareOf):
        return [node.base]
    return []


def _left_deep(terms: list[tuple[str, object]]):
    out = terms[0][1]
    for sign, term in terms[1:]:
        out = s.BinOp(sign, out, term)
    return out


def _balanced(terms: list[tuple[str, object]]):
    """``t0 ± t1 ± …`` (``terms[0]`` added) as a tree of depth log2(len(terms))."""

    def part(lo: int, hi: int, flip: bool):
        # terms[lo:hi] as one sum: terms[lo] added, each later sign flipped when ``flip``
        if hi - lo == 1:
            return terms[lo][1]
        mid = (lo + hi) // 2
        sign = terms[mid][0]
        if flip:
            sign = _FLIP[sign]
        # … ± (t_mid ± …): inside the parentheses the signs are relative to t_mid's
        return s.BinOp(sign, part(lo, mid, flip), part(mid, hi, flip != (sign == "-")), regrouped=True)

    return part(0, len(terms), False)


_FLIP = {"+": "-", "-": "+"}
