"""Run the oracle over many stories without stopping at the first disagreement.

    python tests/oracle/oracle_survey.py --examples 5000 [--out DIR] [--seed N]

Prints how many stories disagreed, grouped by kind and by the claim forms involved, the
time taken, and (with --out) writes one message per group (the first story met, and the
smallest by lines) so each cause can be read and reduced, and the slowest story
(``slowest.txt``: what a slower machine would hit the time limit on first).  The pytest test
(test_oracle_pipeline.py) is the same check, stopping at the first disagreement.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from oracle_compare import check_story, message, oracle_problems  # noqa: E402
from oracle_stories import stories  # noqa: E402
from oracle_z3 import Inconclusive  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=None)
    ap.add_argument("--avoid", default="", help="forms to leave out: names,ranges,in-forms,bounds (to look past a known cause)")
    args = ap.parse_args()
    groups: dict[tuple, list] = collections.defaultdict(list)
    kinds = collections.Counter()
    stats = collections.Counter()
    slowest: list = [0.0, ""]
    start = time.perf_counter()

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(stories(avoid=frozenset(filter(None, args.avoid.split(",")))))
    def run(story):
        stats["stories"] += 1
        stats["claims"] += len(story.claims)
        problems = oracle_problems(story)
        if problems:
            groups[("oracle", tuple(problems[:1]))].append((99, "\n".join(problems)))
            return
        try:
            out = check_story(story)
        except Inconclusive:
            stats["inconclusive"] += 1
            return
        if out.seconds > slowest[0]:  # the slowest story, kept to be read (a limit a slower machine may hit)
            slowest[:] = [out.seconds, "\n".join(f"--- {name} ---\n{text}" for name, text in out.files)]
        stats[out.z3_verdict] += 1
        if out.disagreements:
            stats["disagreeing"] += 1
            size = sum(text.count("\n") for _, text in out.files)
            seen = set()
            for d in out.disagreements:
                key = (d.kind, d.forms)
                if key in seen:
                    continue
                seen.add(key)
                kinds[d.kind] += 1
                groups[key].append((size, message(out)))

    run()
    took = time.perf_counter() - start
    print(f"{stats['stories']} stories ({stats['claims']} claims; z3: {stats['consistent']} consistent, "
          f"{stats['contradiction']} contradictory, {stats['inconclusive']} inconclusive) in {took:.0f} s; "
          f"slowest tallycheck run {slowest[0]:.2f} s")
    print(f"{stats['disagreeing']} stories disagree; by kind: {dict(kinds)}")
    if args.out and slowest[1]:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "slowest.txt"), "w") as fh:
            fh.write(f"{slowest[0]:.2f} s of CPU\n\n{slowest[1]}\n")
    for i, (key, found) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1]))):
        print(f"{len(found):5}  {key[0]:16} {', '.join(key[1])[:150]}")
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            smallest = min(found, key=lambda f: f[0])
            with open(os.path.join(args.out, f"group-{i:03}.txt"), "w") as fh:
                fh.write(f"{key}\n{len(found)} stories\n\n{smallest[1]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
