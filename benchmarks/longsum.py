"""One long sum: ``define total = a0 + a1 + … + a{N-1}`` and two figures (issue 12, item 5).

The hostile case of one part of N quantities: every term is a quantity of the report, each
with the range the definition pins.  Writes ``DIR/sum-N.tally`` for each N::

    python benchmarks/longsum.py --terms 50000,200000 --out /tmp/longsum
    /usr/bin/time -v python -m tallycheck check /tmp/longsum/sum-200000.tally --format json \\
        --output /tmp/longsum/out.json
"""

from __future__ import annotations

import argparse
from pathlib import Path


def generate(n: int) -> str:
    terms = " + ".join(f"a{i}" for i in range(n))
    return f"define total = {terms}\nsource s\n  total = 5000000\n  a7 = 12\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", default="50000,200000", help="comma-separated sizes")
    ap.add_argument("--out", default="/tmp/longsum", help="folder to write into")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for n in (int(s) for s in args.terms.split(",")):
        path = out / f"sum-{n}.tally"
        path.write_text(generate(n), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
