"""How close each component's solving comes to its budget: the CPU seconds of the slowest
components of a check, as a share of the time limit.

A component is decided within a budget of wall-clock seconds (``timeout``, 5 by default);
past it, its verdict is ``unknown``.  A component that takes 80% of the budget here says
``unknown`` on a runner twice as slow: the verdict then depends on the machine.  This shows
how near each one is (three searches sat at 80-90% unnoticed until a survey or a flaky test
showed them), so that a change that brings one near is seen before a user sees it.

    python benchmarks/headroom.py fixtures                      # every fixture, read whole
    python benchmarks/headroom.py story.tally --top 5 --set timeout=5

It runs ``check --jobs 1 --format json`` (the report to /dev/null) in this process, with
each phase of a component's solving (``solve.check``: the ranges, the decision, the
conflict search, each with a budget of its own) wrapped in ``time.thread_time``, and prints
the slowest components: their slowest phase's CPU seconds and share of the budget, the
component's CPU seconds in all, its constraints and first quantities.  Exit status 1 when a
phase takes more than ``--limit`` of the budget (half, by default).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from fractions import Fraction


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--top", type=int, default=10, help="how many components to show (default 10)")
    ap.add_argument("--limit", type=Fraction, default=Fraction(1, 2),
                    help="the share of the budget no component may take (default 1/2)")
    ap.add_argument("--set", action="append", default=[], help="passed on to check (e.g. timeout=5)")
    args = ap.parse_args()

    from tallycheck import cli, pipeline
    from tallycheck.solve import check

    # Each phase of a component has a budget of its own (check._checked): the ranges, the
    # decision, the conflict search.  A component's figure is its slowest phase.
    phases: dict[str, float] = {}
    for name in ("range_search", "decide", "minimal_conflicts"):
        def phase(*a, _fn=getattr(check, name), _name=name, **k):
            start = time.thread_time()
            try:
                return _fn(*a, **k)
            finally:
                phases[_name] = phases.get(_name, 0.0) + time.thread_time() - start
        setattr(check, name, phase)

    taken: list[tuple[float, str, float, float, int, str]] = []
    solve_component = pipeline.solve_component

    def timed(part, options):
        phases.clear()
        start = time.thread_time()
        outcome = solve_component(part, options)
        cpu = time.thread_time() - start
        slowest = max(phases, key=phases.get, default="")
        names = sorted({v for c in part.constraints for v, _ in c.coeffs})
        shown = ", ".join(names[:3]) + (f", … ({len(names)} quantities)" if len(names) > 3 else "")
        taken.append((phases.get(slowest, 0.0), slowest, cpu, float(options.timeout), len(part.constraints), shown))
        return outcome

    pipeline.solve_component = timed
    argv = ["check", *args.paths, "--jobs", "1", "--format", "json", "--output", os.devnull]
    for setting in args.set:
        argv += ["--set", setting]
    code = cli.main(argv)
    if code == 2:  # input errors (fixtures/bad): what was read was still solved
        print("(the check found input errors: exit 2)", file=sys.stderr)
        if not taken:
            return 2
    taken.sort(reverse=True)
    print(f"{len(taken)} components, {sum(t[2] for t in taken):.2f} CPU s in all")
    print(f"{'phase s':>8} {'budget':>7} {'phase':<17} {'all s':>7} {'constraints':>11}  quantities")
    over = False
    for cpu, phase, whole, budget, size, shown in taken[:args.top]:
        share = cpu / budget if budget else 0.0
        over |= share > args.limit
        print(f"{cpu:8.2f} {share:6.0%}  {phase:<17} {whole:7.2f} {size:11d}  {shown}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
