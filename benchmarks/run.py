"""End-to-end benchmark: tallycheck on generated datasets, side by side with z3, in one run.

For each size N (claims) it generates the datasets with ``benchmarks/generate.py`` (cached
in ``--data``), then times whole ``tallycheck check … --format json`` commands in fresh
processes -- reading, checking and writing the JSON report -- and prints claims/s, peak
memory (the largest process's maximum RSS, and the peak total PSS of all its processes:
with ``--jobs`` each shard is checked in a process of its own; ``benchmarks/measure.py``),
the scaling from 1 to 2 jobs, and, for the same constraints, the
checking stage of tallycheck against z3 (``benchmarks/solver_vs_z3.py --tally``).

    python benchmarks/run.py                      # 10k and 100k, .tally and .csv, 1 and 2 jobs, z3
    python benchmarks/run.py --sizes 1000000 --no-z3

Run it by hand on a quiet machine; the figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def generate(n: int, data: Path, seed: int) -> None:
    if not (data / f"claims-{n}.tally").exists() or not (data / f"claims-{n}.csv").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--claims", str(n), "--seed", str(seed),
                        "--out", str(data)], check=True)


def timed(cmd: list[str]) -> tuple[float, int, int, int]:
    """(wall seconds, peak RSS in MB of its largest process, peak total PSS in MB of all its
    processes, exit code) of one command, run from a fresh measuring process
    (``benchmarks/measure.py``) so that each figure is its own."""
    proc = subprocess.run([sys.executable, str(HERE / "measure.py"), *cmd], capture_output=True, text=True)
    wall, rss, pss, code = proc.stdout.split()
    if int(code) not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({code}): {proc.stderr}")
    return float(wall), int(rss), int(pss), int(code)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="claims per dataset, comma-separated")
    ap.add_argument("--forms", default="tally,csv", help="tally and/or csv")
    ap.add_argument("--jobs", default="1,2", help="--jobs values to compare")
    ap.add_argument("--data", default=str(HERE / "data"), help="where generated datasets are kept")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-z3", action="store_true", help="skip the side-by-side solver comparison")
    args = ap.parse_args()
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    exe = [sys.executable, "-m", "tallycheck.cli"] if not _on_path("tallycheck") else ["tallycheck"]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'claims':>9} {'form':>5} {'jobs':>4} {'seconds':>8} {'claims/s':>9} {'RSS MB':>7} {'PSS MB':>7} "
          f"{'speed-up':>8}")
    for n in (int(x) for x in args.sizes.split(",")):
        generate(n, data, args.seed)
        for form in args.forms.split(","):
            inputs = [str(data / f"claims-{n}.tally")] if form == "tally" else [
                str(data / f"rules-{n}.tally"), str(data / f"claims-{n}.csv")]
            first = None
            for jobs in (int(j) for j in args.jobs.split(",")):
                wall, rss, pss, _ = timed(exe + ["check", *inputs, "--format", "json", "--jobs", str(jobs)])
                first = first or wall
                print(f"{n:>9} {form:>5} {jobs:>4} {wall:>8.2f} {n / wall:>9.0f} {rss:>7} {pss:>7} "
                      f"{first / wall:>7.2f}x", flush=True)
        if not args.no_z3:
            subprocess.run([sys.executable, str(HERE / "solver_vs_z3.py"), "--tally", str(data / f"claims-{n}.tally")])
    return 0


def _on_path(name: str) -> bool:
    return any((Path(p) / name).exists() for p in os.environ.get("PATH", "").split(os.pathsep))


if __name__ == "__main__":
    sys.exit(main())
