"""A national election as one component: precincts -> districts -> regions -> the total.

The story a fact-checker writes after election night.  The electoral commission publishes
every precinct's count of valid votes; a news agency reports the district totals of the
northern regions (the even-numbered ones), a daily paper the totals of the southern regions
(the odd-numbered ones); a TV network gives the two big parties' shares in each region,
rounded to a tenth of a point.  The totals are tied by definitions -- a district is the sum of
its precincts (``sum(prefix.*)``), a region the sum of its districts, the country the sum of
its regions, and each region's votes split among red, blue and the rest -- so every claim is in
one group of related claims.

Each figure is checked by exactly one other route (a district total by its precincts, a region
total by its precincts, a share by the other party's), so each planted error has exactly one
minimal conflict.  (A figure checked two ways -- say the national total claimed as well --
has a minimal conflict for every choice among the routes: the search stops at
``max_conflicts``, as it must, and the report says so.)

Three wrong figures are planted, in three different regions: a district total 120 votes too
high, a region total 1,000 too high, and a blue share such that red and blue together pass
100%.  (A total too *low* has a minimal conflict for every set of its precincts that could
make up the difference alone: many, each nearly all the precincts.)

    python benchmarks/shapes.py --shapes election
"""

from __future__ import annotations

import random

SIZES = (1000, 10000, 100000)


def _story(n: int, seed: int, planted: bool = True) -> tuple[str, list[tuple[str, str]]]:
    """The .tally text and the planted claims as ``(source, text)``."""
    rng = random.Random(seed)
    districts = max(1, n // 10)
    regions = max(1, districts // 10)
    per_region = [districts // regions + (1 if r < districts % regions else 0) for r in range(regions)]
    defs: list[str] = []
    commission: list[str] = []
    agency: list[str] = []
    daily: list[str] = []
    tv: list[str] = []
    planted: list[tuple[str, str]] = []
    # three different regions for the three planted errors (agency regions are even)
    even = [r for r in range(regions) if r % 2 == 0]
    odd = [r for r in range(regions) if r % 2 == 1] or even
    bad_district_region = rng.choice(even)
    bad_region = rng.choice(odd)
    bad_share_region = rng.choice([r for r in range(regions) if r not in (bad_district_region, bad_region)] or [0])
    left = n
    for r in range(regions):
        region = f"votes.r{r}"
        region_total = 0
        for d in range(per_region[r]):
            district = f"{region}.d{d}"
            size = 10 if left >= 10 else left
            left -= size
            total = 0
            for p in range(size):
                count = rng.randint(300, 2500)
                total += count
                commission.append(f"  {district}.p{p} = {count}")
            defs.append(f"define {district} = sum({district}.*)")
            region_total += total
            if r % 2 == 0:
                text = f"{district} = {total}"
                if planted and r == bad_district_region and d == per_region[r] // 2:
                    text = f"{district} = {total + 120}"
                    planted.append(("agency", text))
                agency.append(f'  {text}  "{total:,} valid votes in district {d} of region {r}"'
                              if d == 0 else f"  {text}")
        defs.append(f"define {region} = sum({region}.*)")
        defs.append(f"define {region} = red.r{r} + blue.r{r} + other.r{r}")
        if r % 2 == 1:
            text = f"{region} = {region_total}"
            if planted and r == bad_region:
                text = f"{region} = {region_total + 1000}"
                planted.append(("daily", text))
            daily.append(f"  {text}")
        red_pct = rng.randint(380, 560)  # tenths of a point
        blue_pct = rng.randint(300, 990 - red_pct)
        red = _share_text(red_pct)
        blue = _share_text(blue_pct)
        tv.append(f'  red.r{r} = {red} of {region}   "red took {red} in region {r}"')
        text = f"blue.r{r} = {blue} of {region}"
        if planted and r == bad_share_region:
            text = f"blue.r{r} = {_share_text(1000 - red_pct + 10)} of {region}"
            planted.append(("tv", text))
        tv.append(f"  {text}")
    defs.append("define votes = sum(votes.*)")
    lines = [f'title "General election: {n:,} precincts, {districts:,} districts, {regions:,} regions"', *defs,
             'source commission "National Electoral Commission, precinct results" 2025-06-02',
             *commission, 'source agency "National news agency, northern districts" 2025-06-02', *agency,
             'source daily "The Southern Daily, regional totals" 2025-06-03', *daily,
             'source tv "Channel 4 election desk, party shares by region" 2025-06-02', *tv]
    return "\n".join(lines) + "\n", planted


def _share_text(tenths: int) -> str:
    return f"{tenths // 10}.{tenths % 10}%"


def generate(n: int, seed: int, planted: bool = True) -> str:
    return _story(n, seed, planted)[0]


def verify(n: int, seed: int, report: dict, planted: bool = True) -> list[str]:
    return verify_planted(report, _story(n, seed, planted)[1])


def verify_planted(report: dict, planted: list[tuple[str, str]]) -> list[str]:
    """What is wrong with the report of a story with these planted claims (empty: right).

    With planted claims: a contradiction, each planted claim in a reported conflict, every
    conflict holding a planted claim (the right figures are never blamed alone).  Without:
    consistent, no conflict.  Either way: no unknown, no error."""
    problems = []
    if report.get("errors"):
        problems.append(f"{len(report['errors'])} errors, the first: {report['errors'][0]}")
    if report.get("unknowns"):
        problems.append(f"{len(report['unknowns'])} unknowns, the first: {str(report['unknowns'][0])[:300]}")
    want = "contradiction" if planted else "consistent"
    if report.get("verdict") != want:
        problems.append(f"verdict {report.get('verdict')!r}, not {want!r}")
    named = set()
    for i, conflict in enumerate(report.get("conflicts", []), start=1):
        claims = {(c["source"], c["text"]) for c in conflict["claims"]}
        mine = claims & set(planted)
        if not mine:
            problems.append(f"conflict {i} blames no planted figure: {sorted(claims)[:5]}")
        named |= mine
    for claim in planted:
        if claim not in named:
            problems.append(f"planted figure not named in any conflict: {claim[0]}: {claim[1]}")
    return problems
