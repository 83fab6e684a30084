"""Shares adding up to 100%: a budget of n line items, each given as a share of the whole.

The finance ministry publishes every line item's share of the national budget, rounded (to
two decimals of a point at 500 items, three at 5,000, four at 50,000: as many as the shares
need, so that the rounding of all of them together is worth about 2.5 points); a definition
says the shares add up to 100% (``define sum(share.*) = 100%``).  A newspaper repeats one item
in a hundred, and says what the three largest items make together.

Two wrong figures are planted: the newspaper's figure for one item has two digits swapped, and
its figure for the three largest items together is a point too high.  Each has exactly one
minimal conflict (the newspaper's figure and the ministry's figures it contradicts); both are
far smaller than what the rounding of all the shares together allows, so the sum of all the
shares is no part of either.  With ``more``, the newspaper gives that many more items, each
with its last two digits swapped: a conflict more each.  (Wrong figures whose errors add up
past what the rounding allows, ten times an item's share say, are conflicts with all the
shares as well, and so many that the search stops at its budget: docs/performance.md.)

    python benchmarks/shapes.py --shapes shares
    python benchmarks/shapes.py --shapes shares --sizes 50000 --more 5     # seven wrong figures
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from shape_election import verify_planted

SIZES = (500, 5000, 50000)


def _decimals(n: int) -> int:
    return max(1, math.ceil(math.log10(n / 5)))


def _pct(x: Fraction, decimals: int) -> str:
    """``x`` (a share of 1) as a percentage rounded half up to ``decimals`` decimals."""
    scaled = math.floor(x * 100 * 10 ** decimals + Fraction(1, 2))
    return f"{scaled // 10 ** decimals}.{scaled % 10 ** decimals:0{decimals}d}%"


def _story(n: int, seed: int, planted: bool = True, more: int = 0) -> tuple[str, list[tuple[str, str]]]:
    rng = random.Random(seed)
    weights = [rng.randint(1, 1000) ** 2 for _ in range(n)]  # a few large items, many small
    whole = sum(weights)
    decimals = _decimals(n)
    names = [f"share.item{i:05d}" for i in range(n)]
    written = [_pct(Fraction(w, whole), decimals) for w in weights]
    ministry = [f'  {name} = {text}' for name, text in zip(names, written)]
    ministry[0] += f'  "{names[0][6:]}: {written[0]} of the budget"'
    wrong: list[tuple[str, str]] = []
    paper = []
    # the swapped item: one whose written share changes when two of its last digits are swapped
    swap = next(i for i in range(7, n) if written[i][-2] != written[i][-3] and written[i][-3].isdigit())
    for i in range(0, n, 100):
        if i == 0:
            continue
        paper.append(f"  {names[i]} = {written[i]}")
    text = written[swap]
    if planted:
        text = text[:-3] + text[-2] + text[-3] + "%"
        wrong.append(("paper", f"{names[swap]} = {text}"))
    paper.append(f"  {names[swap]} = {text}")
    top = sorted(range(n), key=lambda i: (-weights[i], i))[:3]
    together = Fraction(sum(weights[i] for i in top), whole) + (Fraction(1, 100) if planted else 0)
    group = " + ".join(names[i] for i in top)
    text = f"{group} = {_pct(together, 1)}"
    if planted:
        wrong.append(("paper", text))
    paper.append(f'  {text}  "the three largest items make up {_pct(together, 1)} of the budget"')
    # more items the newspaper gives nowhere else, each with its two last digits swapped
    others = [i for i in range(1, n) if i % 100 and i != swap and i not in top and written[i][-2] != written[i][-3]
              and written[i][-3].isdigit()]
    for i in sorted(random.Random(seed + 1).sample(others, more)):
        text = f"{names[i]} = {written[i][:-3] + written[i][-2] + written[i][-3]}%"
        wrong.append(("paper", text))
        paper.append(f"  {text}")
    lines = [f'title "National budget: {n:,} line items"', "define sum(share.*) = 100%",
             'source ministry "Ministry of Finance, budget tables" 2025-10-01', *ministry,
             'source paper "The Ledger, budget coverage" 2025-10-02', *paper]
    return "\n".join(lines) + "\n", wrong


def generate(n: int, seed: int, planted: bool = True, more: int = 0) -> str:
    return _story(n, seed, planted, more)[0]


def verify(n: int, seed: int, report: dict, planted: bool = True, more: int = 0) -> list[str]:
    return verify_planted(report, _story(n, seed, planted, more)[1])
