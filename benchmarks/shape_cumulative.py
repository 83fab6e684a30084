"""Dated figures of a cumulative count (issue 13, item 5): a shape for ``shapes.py``.

``cumulative deaths``; ``n`` dated figures of it from ``n`` sources, rising over time, a few
figures a day (dates from 2000-01-01 on, as many days as it takes).  A figure is dated by
its source (``source s1 "…" 2024-01-31`` with ``deaths = 120`` under it) or by the claim
(``deaths@2024-01-31 = 120``), and written in the forms reporters use (exact, ``at least``,
``more than``, ``about``, a range, an annotated quote).  Five figures (``5 + more``), at
places drawn from the seed, are stale: a later source repeats the toll of some days before,
smaller than figures already published.

What the report must say: a contradiction; each of the stale figures named in a
conflict; no limit other than ``max_conflicts`` hit; every listed conflict holds a stale
figure (the figures that rise as they should are never blamed alone).
"""

from __future__ import annotations

import datetime
import random

from shape_sources import verify_lines

SIZES = (1000, 10000, 100000)
PER_DAY = 4  # figures a day
DAY0 = datetime.date(2000, 1, 1)


def deaths_on(day: int) -> int:
    """The true toll on a day: rising every day."""
    return 100 + 3 * day + day * day // 50


def stale_positions(n: int, seed: int, more: int = 0) -> list[int]:
    """Which figures are stale (none in the first two weeks)."""
    return sorted(random.Random(seed).sample(range(14 * PER_DAY, n - 1), 5 + more))


def _figure(rng: random.Random, value: int, date: str, by_source: bool) -> str:
    name = "deaths" if by_source else f"deaths@{date}"
    form = rng.randrange(7)
    if form == 0 and by_source:
        return f"{value} deaths"
    if form == 1:
        return f"{name} >= {value - rng.randrange(5)}"
    if form == 2 and by_source:
        return f"more than {value - 1 - rng.randrange(5)} deaths"
    if form == 3:
        return f"{name} ~ {value}"
    if form == 4:
        return f"{name} in {value - rng.randrange(3)}..{value + rng.randrange(3)}"
    if form == 5 and by_source:
        return f'"the toll rose to {value}{{deaths}}"'
    return f"{name} = {value}"


def generate(n: int, seed: int, planted: bool = True, more: int = 0) -> str:
    rng = random.Random(seed * 7919 + n)
    stale = set(stale_positions(n, seed, more)) if planted else set()
    out = ['title "Deaths over time, as many sources reported them"', "cumulative deaths", ""]
    for i in range(n):
        day = i // PER_DAY
        date = (DAY0 + datetime.timedelta(days=day)).isoformat()
        by_source = rng.random() < 0.7
        out.append(f'source s{i} "Outlet {i}"' + (f" {date}" if by_source else ""))
        if i in stale:  # the toll of 3 to 10 days before, as an exact figure
            value = deaths_on(day - 3 - rng.randrange(8))
            out.append(f"  deaths = {value}" if by_source else f"  deaths@{date} = {value}")
        else:
            out.append("  " + _figure(rng, deaths_on(day), date, by_source))
    return "\n".join(out) + "\n"


def _line_of(i: int) -> int:
    return 4 + 2 * i + 1  # the claim under source ``s{i}``


def verify(n: int, seed: int, report: dict, more: int = 0) -> list[str]:
    return verify_lines(report, {_line_of(i) for i in stale_positions(n, seed, more)}, "stale figure")
