"""The shapes users have, one at a time, at growing sizes (issue 13, item 5).

Not many small stories (``run.py`` measures those) but one story that grows: a national
election as one component, one figure from many sources, many dated figures of one
cumulative count, many shares adding up to 100%.  Each shape is a module
``benchmarks/shape_<name>.py`` with

* ``SIZES``: the sizes measured by default (the largest is the target size);
* ``generate(n: int, seed: int) -> str``: the ``.tally`` text of the story at size ``n``,
  with a few wrong figures planted;
* ``verify(n: int, seed: int, report: dict) -> list[str]``: what is wrong with the JSON
  report (a wrong verdict, a planted figure not named, an unknown); empty when right.

For each shape and size this writes the file, times ``tallycheck check FILE --format json``
in a fresh process (``benchmarks/measure.py``: wall time, largest RSS, peak total PSS),
checks the report with ``verify``, and prints the growth of the time per 10× of size.
Targets: at the largest size under 60 s and 1.5 GB on 2 cores, the right verdict with each
wrong figure named, time growing at most about 12× per 10× of size.

A story with more wrong figures than the few planted is a harder search (each wrong figure
is a conflict more, and the search checks all the claims but one of each): ``--more K``
plants K more in the shapes whose ``generate`` and ``verify`` take ``more`` (shares,
cumulative).  ``--keep DIR`` keeps each story and its report there, for
``benchmarks/headroom.py``.

    python benchmarks/shapes.py                         # every shape, its SIZES
    python benchmarks/shapes.py --shapes election --sizes 1000,10000
    python benchmarks/shapes.py --shapes shares,cumulative --more 5 --keep /tmp/stories
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHAPES = sorted(p.stem[len("shape_"):] for p in HERE.glob("shape_*.py"))


def run_one(exe: list[str], path: Path, extra: list[str]) -> tuple[float, int, int, dict | None]:
    out = path.with_suffix(".json")
    proc = subprocess.run([sys.executable, str(HERE / "measure.py"), *exe, "check", str(path), "--format", "json",
                           "--output", str(out), *extra], capture_output=True, text=True)
    wall, rss, pss, code, _ = proc.stdout.split()
    report = json.loads(out.read_text()) if int(code) in (0, 1) and out.exists() else None
    return float(wall), int(rss), int(pss), report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of: {', '.join(SHAPES)}")
    ap.add_argument("--sizes", help="sizes to run (default: each shape's SIZES)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", default=None, help="--jobs for tallycheck (default: its own)")
    ap.add_argument("--more", type=int, default=0, help="more wrong figures planted (shapes that take them)")
    ap.add_argument("--keep", help="keep the stories and their reports in this folder")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    exe = [sys.executable, "-m", "tallycheck.cli"]
    extra = ["--jobs", args.jobs] if args.jobs else []
    failed = False
    shapes = {name: importlib.import_module(f"shape_{name}") for name in args.shapes.split(",")}
    more = {"more": args.more} if args.more else {}
    if more and (cannot := [n for n, m in shapes.items() if "more" not in inspect.signature(m.generate).parameters]):
        return f"--more: {', '.join(cannot)} plant no more wrong figures"
    print(f"{'shape':>10} {'size':>8} {'seconds':>8} {'RSS MB':>7} {'PSS MB':>7} {'growth/10x':>10}  verdict")
    with tempfile.TemporaryDirectory(prefix="tally-shapes-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name, shape in shapes.items():
            sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(shape.SIZES)
            previous = None
            for n in sizes:
                path = folder / f"{name}-{n}{f'-more{args.more}' if more else ''}.tally"
                path.write_text(shape.generate(n, args.seed, **more), encoding="utf-8")
                wall, rss, pss, report = run_one(exe, path, extra)
                problems = ["no report (exit 2)"] if report is None else shape.verify(n, args.seed, report, **more)
                growth = ""
                if previous:
                    growth = f"{(wall / previous[1]) ** (1 / math.log10(n / previous[0])):>9.1f}x"
                previous = (n, wall)
                verdict = "right" if not problems else "WRONG: " + "; ".join(problems[:3])
                failed |= bool(problems)
                print(f"{name:>10} {n:>8} {wall:>8.2f} {rss:>7} {pss:>7} {growth:>10}  {verdict}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
