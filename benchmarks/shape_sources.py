"""One casualty figure from many sources (issue 13, item 5): a shape for ``shapes.py``.

``n`` sources each report the toll of one event (``killed``), in the forms reporters use:
an exact figure (``killed = 41``, ``41 killed``, an annotated quote ``"… 41{killed} …"``),
a rounded or qualified one (``about 40 killed``, ``killed ~ 40``), a bound (``more than 35
killed``, ``at least 38 killed``, ``fewer than 50 killed``), a range (``killed in 38..45``).
Sources carry dates (``killed`` is not cumulative: dates do not matter to it).  Five
sources, at places drawn from the seed, publish a wrong figure (a transposed ``14``, a
dropped digit ``4``, an added digit ``410``, ``71``, ``more than 50``); every one of them
contradicts thousands of the others, and the rest agree.

What the report must say: a contradiction; each of the five wrong claims named in a
conflict; no limit other than ``max_conflicts`` hit (the minimal conflicts number about
5 × n, and the report lists ``max_conflicts`` of them and says so); every listed conflict
holds a wrong claim (the agreeing sources are never blamed alone).
"""

from __future__ import annotations

import datetime
import random

SIZES = (1000, 10000, 100000)
TRUE = 41

#: what agreeing sources write (each true of 41)
AGREE = (
    "killed = 41",
    "41 killed",
    '"at least 41{killed} people were killed in the strike"',
    "about 40 killed",
    "killed ~ 40",
    "more than 35 killed",
    "at least 38 killed",
    "fewer than 50 killed",
    "killed in 38..45",
    "killed = 41                 \"41 dead, officials said\"",
)

#: the five wrong figures, each false of 41 and contradicting the exact figures
WRONG = (
    "killed = 14",
    '"the toll stood at 14{killed} on Tuesday"',
    "4 killed",
    "killed = 410",
    "more than 50 killed",
)


def wrong_positions(n: int, seed: int) -> list[int]:
    """Where the five wrong sources stand among the ``n`` (not first, not last)."""
    return sorted(random.Random(seed).sample(range(1, n - 1), len(WRONG)))


def generate(n: int, seed: int, planted: bool = True) -> str:
    rng = random.Random(seed * 7919 + n)
    wrong = dict(zip(wrong_positions(n, seed), WRONG)) if planted else {}
    day0 = datetime.date(2024, 3, 1)
    out = ['title "Killed in the strike, as many sources reported it"', ""]
    for i in range(n):
        date = (day0 + datetime.timedelta(days=rng.randrange(30))).isoformat()
        out.append(f'source s{i} "Outlet {i}" {date}')
        out.append("  " + (wrong[i] if i in wrong else AGREE[rng.randrange(len(AGREE))]))
    return "\n".join(out) + "\n"


def _line_of(i: int) -> int:
    return 3 + 2 * i + 1  # the claim under source ``s{i}``


def verify(n: int, seed: int, report: dict) -> list[str]:
    return verify_lines(report, {_line_of(i) for i in wrong_positions(n, seed)}, "wrong figure")


def verify_lines(report: dict, wrong_lines: set[int], what: str) -> list[str]:
    """What is wrong with the report of a story whose wrong figures are on ``wrong_lines``
    (empty: right): a contradiction, each of them in a reported conflict, every conflict
    holding one, nothing unknown but the conflicts past ``max_conflicts``."""
    problems = []
    if report.get("verdict") != "contradiction":
        problems.append(f"verdict {report.get('verdict')!r}, not a contradiction")
    named: set[int] = set()
    for conflict in report.get("conflicts", []):
        lines = {c["line"] for c in conflict["claims"]}
        if not lines & wrong_lines:
            problems.append(f"a conflict without a {what}: lines {sorted(lines)[:5]}")
        named |= lines & wrong_lines
    for line in sorted(wrong_lines - named):
        problems.append(f"{what} at line {line} not named")
    for u in report.get("unknowns", []):
        if u.get("limit") != "max_conflicts":
            problems.append(f"unknown: {u.get('reason')}")
    return problems
