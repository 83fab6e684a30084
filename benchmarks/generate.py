"""Synthetic editorial datasets for benchmarking tallycheck end to end.

Many small independent stories, each reported by one to three sources: totals that
are sums of parts (under a ``define``), "more than" / "fewer than" bounds, ranges and
"about" figures, shares in whole percents that add up to 100%, and (in the ``.tally``
form) rounded percentages of a base (``yes = 42.7% of voters``) and means of integer
answers (``score / respondents = 7.22``).  A few per cent of the stories (``--bad``,
default 3%) are contradictory.  Deterministic by ``--seed``.

Writes, for N claims:

* ``DIR/claims-N.tally``  -- the claims file (definitions, declarations, sources, claims);
* ``DIR/claims-N.csv``    -- a dataset with columns ``source,quantity,value,quote``, one
  claim per row (``value`` in any number form: ``248``, ``more than 200``, ``52%``,
  ``200-250``, ``about 230``);
* ``DIR/rules-N.tally``   -- the definitions and declarations the CSV needs.

The CSV holds the same stories as the ``.tally`` file except that a percentage-of-base
or a mean story (which a ``quantity,value`` row cannot express) is written as a shares
story instead; both files hold exactly N claims.  Usage::

    python benchmarks/generate.py --claims 100000 --seed 1 --out /tmp/bench
    tallycheck check /tmp/bench/claims-100000.tally --format json
    tallycheck check /tmp/bench/rules-100000.tally /tmp/bench/claims-100000.csv
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from fractions import Fraction

KINDS = ("sum", "bounds", "percent", "mean", "shares", "range")
WEIGHTS = (30, 20, 15, 10, 15, 10)

OUTLETS = ("ministry", "police", "hospital", "agency", "paper", "tv", "ngo", "mayor", "union", "court")


class Story:
    """One story: declarations and definitions, and claims per source.

    A claim is kept in both forms: a ``.tally`` line and a ``(quantity, value)`` pair
    for the CSV (``None`` when only the .tally form can say it).
    """

    def __init__(self, index: int) -> None:
        self.index = index
        self.decls: list[str] = []  # "amount q1, q2" lines
        self.defines: list[str] = []  # "define ..." lines
        self.claims: list[tuple[str, str, tuple[str, str] | None, str]] = []  # source, tally line, csv, quote

    def source(self, outlet: str) -> str:
        return f"{outlet}{self.index}"

    def claim(self, outlet: str, line: str, csv_pair: tuple[str, str] | None, quote: str) -> None:
        self.claims.append((self.source(outlet), line, csv_pair, quote))


def pct_text(p: Fraction) -> str:
    """A percentage with one decimal, as written: 42.7% (no float)."""
    tenths = p.numerator * 10 // p.denominator if p.denominator == 1 else round(p * 10)
    sign = "-" if tenths < 0 else ""
    tenths = abs(tenths)
    return f"{sign}{tenths // 10}.{tenths % 10}%"


class Generator:
    def __init__(self, seed: int, bad: float) -> None:
        self.rng = random.Random(seed)
        self.bad = bad

    def wrong(self) -> bool:
        return self.rng.random() < self.bad

    def outlets(self, k: int) -> list[str]:
        return self.rng.sample(OUTLETS, k)

    # -- story shapes --------------------------------------------------------------

    def sum_story(self, st: Story, csv_form: bool) -> None:
        r = self.rng
        q = f"s{st.index}"
        k = r.randint(2, 4)
        parts = [f"{q}.part{i}" for i in range(k)]
        st.defines.append(f"define {q}.total = " + " + ".join(parts))
        values = [r.randint(5, 500) for _ in parts]
        total = sum(values)
        if self.wrong():
            values[r.randrange(k)] += r.choice([-5, -2, 1, 3, 10])
        a, b = self.outlets(2)
        st.claim(a, f"{q}.total = {total}", (f"{q}.total", str(total)), f"{total} in total")
        for p, v in zip(parts, values):
            st.claim(b, f"{v} {p}", (p, str(v)), f"{v} of them")
        if r.random() < 0.5:  # a second source repeats the total
            st.claim(b, f"{q}.total = {total}", (f"{q}.total", str(total)), f"a total of {total}")

    def bounds_story(self, st: Story, csv_form: bool) -> None:
        r = self.rng
        q = f"s{st.index}.crowd"
        true = r.randint(100, 5000)
        lo = true - r.randint(1, 50)
        hi = true + r.randint(1, 50)
        if self.wrong():
            hi = lo - r.randint(1, 50)
        a, b, c = self.outlets(3)
        st.claim(a, f"more than {lo} {q}", (q, f"more than {lo}"), f"more than {lo} people")
        st.claim(b, f"fewer than {hi} {q}", (q, f"fewer than {hi}"), f"fewer than {hi} people")
        if r.random() < 0.5:
            n = round(true, -1)
            st.claim(c, f"about {n} {q}", (q, f"about {n}"), f"about {n} people")

    def percent_story(self, st: Story, csv_form: bool) -> None:
        if csv_form:
            return self.shares_story(st, csv_form)
        r = self.rng
        q = f"s{st.index}"
        n = r.randint(50, 5000)
        y = r.randint(0, n)
        pct = Fraction(round(Fraction(1000 * y, n)), 10)
        if self.wrong():
            pct += Fraction(r.choice([-3, 2, 5, 7]), 10)
            pct = max(pct, Fraction(0))
        a, b = self.outlets(2)
        st.claim(a, f"{q}.voters = {n}", None, f"{n} voters")
        st.claim(b, f"{q}.yes = {pct_text(pct)} of {q}.voters", None, f"{pct_text(pct)} voted yes")

    def mean_story(self, st: Story, csv_form: bool) -> None:
        if csv_form:
            return self.range_story(st, csv_form)
        r = self.rng
        q = f"s{st.index}"
        k = r.randint(5, 60)
        t = r.randint(k, 10 * k)
        hundredths = round(Fraction(100 * t, k))
        if self.wrong():
            hundredths += r.choice([-1, 1, 3])
        mean = f"{hundredths // 100}.{hundredths % 100:02d}"
        a, b = self.outlets(2)
        st.claim(a, f"{q}.respondents = {k}", None, f"{k} people answered")
        st.claim(b, f"{q}.score / {q}.respondents = {mean}", None, f"an average score of {mean}")

    def shares_story(self, st: Story, csv_form: bool) -> None:
        r = self.rng
        q = f"s{st.index}"
        k = r.randint(2, 4)
        cuts = sorted(r.randint(1, 99) for _ in range(k - 1))
        pcts = [b - a for a, b in zip([0] + cuts, cuts + [100])]
        # whole-percent rounding of true shares: off by one here and there is fine
        if r.random() < 0.3:
            pcts[r.randrange(k)] += r.choice([-1, 1])
        if self.wrong():
            pcts[0] += r.choice([4, 5, -5])
        pcts = [max(p, 0) for p in pcts]
        parts = [f"{q}.share{i}" for i in range(k)]
        st.decls.append("amount " + ", ".join(parts))
        st.defines.append("define " + " + ".join(parts) + " = 100%")
        (a,) = self.outlets(1)
        for p, v in zip(parts, pcts):
            st.claim(a, f"{p} = {v}%", (p, f"{v}%"), f"{v}% of the budget")

    def range_story(self, st: Story, csv_form: bool) -> None:
        r = self.rng
        q = f"s{st.index}.displaced"
        true = r.randint(1000, 90000)
        lo = true - r.randint(0, 500)
        hi = true + r.randint(0, 500)
        a, b = self.outlets(2)
        n = round(true, -2)  # "about n" covers n -+ 10%, so it meets the range at `true`
        if self.wrong():
            n = round(2 * hi, -2) + 1000  # far above the range
        # CSV: "between" (a dash between two year-like numbers, 1906-2059, reads as a span of years)
        st.claim(a, f"{q} in {lo}..{hi}", (q, f"between {lo} and {hi}"), f"between {lo} and {hi} displaced")
        st.claim(b, f"about {n} {q}", (q, f"about {n}"), f"about {n} displaced")

    def story(self, i: int, csv_form: bool) -> Story:
        st = Story(i)
        kind = self.rng.choices(KINDS, WEIGHTS)[0]
        getattr(self, f"{kind}_story")(st, csv_form)
        return st


def stories(n_claims: int, seed: int, bad: float, csv_form: bool):
    """Stories until exactly n_claims claims (the last one cut short if needed)."""
    g = Generator(seed, bad)
    left = n_claims
    i = 0
    while left > 0:
        # each story draws from its own generator so both forms hold the same stories
        g.rng = random.Random(f"{seed}:{i}")
        st = g.story(i, csv_form)
        st.claims = st.claims[:left]
        left -= len(st.claims)
        yield st
        i += 1


def write_tally(path: str, n: int, seed: int, bad: float) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f'title "Synthetic editorial dataset: {n} claims, seed {seed}"\n')
        for st in stories(n, seed, bad, csv_form=False):
            for d in st.decls:
                f.write(d + "\n")
            for d in st.defines:
                f.write(d + "\n")
            current = None
            for src, line, _, quote in st.claims:
                if src != current:
                    f.write(f"source {src}\n")
                    current = src
                f.write(f'  {line}  "{quote}"\n')


def write_csv(csv_path: str, rules_path: str, n: int, seed: int, bad: float) -> None:
    with open(csv_path, "w", encoding="utf-8", newline="") as fc, open(
        rules_path, "w", encoding="utf-8", newline="\n"
    ) as fr:
        fr.write(f'title "Synthetic editorial dataset: rules for {n} claims, seed {seed}"\n')
        w = csv.writer(fc, lineterminator="\n")
        w.writerow(["source", "quantity", "value", "quote"])
        for st in stories(n, seed, bad, csv_form=True):
            for d in st.decls:
                fr.write(d + "\n")
            for d in st.defines:
                fr.write(d + "\n")
            for src, _, pair, quote in st.claims:
                assert pair is not None
                w.writerow([src, pair[0], pair[1], quote])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claims", type=int, required=True, help="number of claims N (e.g. 10000, 100000, 1000000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=".", help="directory to write into (created if missing)")
    ap.add_argument("--bad", type=float, default=0.03, help="share of contradictory stories (default 0.03)")
    ap.add_argument("--no-csv", action="store_true", help="write only the .tally file")
    args = ap.parse_args(argv)
    if args.claims < 1:
        ap.error("--claims must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    n = args.claims
    tally = os.path.join(args.out, f"claims-{n}.tally")
    write_tally(tally, n, args.seed, args.bad)
    written = [tally]
    if not args.no_csv:
        c = os.path.join(args.out, f"claims-{n}.csv")
        rules = os.path.join(args.out, f"rules-{n}.tally")
        write_csv(c, rules, n, args.seed, args.bad)
        written += [c, rules]
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
