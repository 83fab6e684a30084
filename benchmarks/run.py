"""End-to-end benchmark: tallycheck on generated datasets, side by side with z3, in one run.

For each size N (claims) it generates the datasets with ``benchmarks/generate.py`` (cached
in ``--data``), then times whole ``tallycheck check … --format json`` commands in fresh
processes -- reading, checking and writing the JSON report -- and prints the median wall
time of ``--repeat`` runs, the CPU seconds of all its processes (median; on Dask, the
client's alone: the workers are not its processes), claims/s, and peak memory (the largest
process's maximum RSS, and the peak total PSS of all its processes: each shard is checked
in a process of its own; ``benchmarks/measure.py``), for each ``--jobs`` value and, with ``--dask``, on the Dask
engine with a local scheduler and two workers (``dask scheduler``, ``dask worker --nworkers
2 --nthreads 1``; the workers' memory is theirs, not counted), against ``--jobs 2``.
Then, for the same constraints, the checking stage of tallycheck against z3
(``benchmarks/solver_vs_z3.py --tally``).

    python benchmarks/run.py                                        # 10k and 100k, 1 and 2 jobs, z3
    python benchmarks/run.py --sizes 100000 --jobs 2 --repeat 5 --no-z3
    python benchmarks/run.py --sizes 1000000 --jobs 2 --dask --repeat 3 --no-z3

Run it by hand; the machine's load moves single runs by several per cent (take medians).
The figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def generate(n: int, data: Path, seed: int) -> None:
    if not (data / f"claims-{n}.tally").exists() or not (data / f"claims-{n}.csv").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--claims", str(n), "--seed", str(seed),
                        "--out", str(data)], check=True)


def timed(cmd: list[str]) -> tuple[float, int, int, int, float]:
    """(wall seconds, peak RSS in MB of its largest process, peak total PSS in MB of all its
    processes, exit code, CPU seconds of all its processes) of one command, run from a fresh
    measuring process (``benchmarks/measure.py``) so that each figure is its own."""
    proc = subprocess.run([sys.executable, str(HERE / "measure.py"), *cmd], capture_output=True, text=True)
    wall, rss, pss, code, cpu = proc.stdout.split()
    if int(code) not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({code}): {proc.stderr}")
    return float(wall), int(rss), int(pss), int(code), float(cpu)


def measured_tree() -> str:
    """Which tallycheck the measured commands import, and its commit: an A/B is only worth
    the tree it ran (from the project's folder, ``python -m`` imports the folder's package
    before any on PYTHONPATH)."""
    where = subprocess.run([sys.executable, "-c", "import os, tallycheck; print(os.path.dirname(tallycheck.__file__))"],
                           capture_output=True, text=True).stdout.strip()
    if not where:
        return "tallycheck cannot be imported"
    git = ["git", "-C", where]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout
    return f"{where}" + (f" at {commit}{' with changes' if dirty.strip() else ''}" if commit else "")


def median_of(cmd: list[str], repeat: int) -> tuple[float, int, int, float]:
    runs = [timed(cmd) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs),
            statistics.median(r[4] for r in runs))


class LocalDask:
    """A scheduler and two single-threaded workers on this machine, as a newsroom starts them."""

    def __enter__(self) -> str:
        # the `dask` command of this Python's environment (a venv's, whether it is active or not)
        dask = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")
        if dask is None:
            sys.exit("--dask needs the dask command: pip install 'tallycheck[dask]' in this Python's environment")
        self.folder = tempfile.mkdtemp(prefix="bench-dask-")
        info = os.path.join(self.folder, "scheduler.json")
        self.procs = [subprocess.Popen([dask, "scheduler", "--port", "0", "--no-dashboard", "--scheduler-file", info],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        while not os.path.exists(info):
            time.sleep(0.1)
        time.sleep(0.2)
        self.procs.append(subprocess.Popen([dask, "worker", "--scheduler-file", info, "--nworkers", "2",
                                            "--nthreads", "1", "--no-dashboard"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with open(info) as fh:
            address = json.load(fh)["address"]
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(2, timeout=60)
        return address

    def __exit__(self, *exc) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="claims per dataset, comma-separated")
    ap.add_argument("--forms", default="tally,csv", help="tally and/or csv")
    ap.add_argument("--jobs", default="1,2", help="--jobs values")
    ap.add_argument("--dask", action="store_true", help="also on the Dask engine with 2 local workers")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each command (the median is shown)")
    ap.add_argument("--data", default=str(HERE / "data"), help="where generated datasets are kept")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-z3", action="store_true", help="skip the side-by-side solver comparison")
    args = ap.parse_args()
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    exe = [sys.executable, "-m", "tallycheck.cli"]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {args.repeat} run(s)")
    print(f"measuring: {measured_tree()}")
    print(f"{'claims':>9} {'form':>5} {'run':>8} {'seconds':>8} {'CPU s':>7} {'claims/s':>9} {'RSS MB':>7} "
          f"{'PSS MB':>7} {'vs j2':>6}")
    cases = []  # (claims, form, inputs)
    for n in (int(x) for x in args.sizes.split(",")):
        generate(n, data, args.seed)
        for form in args.forms.split(","):
            cases.append((n, form, [str(data / f"claims-{n}.tally")] if form == "tally" else [
                str(data / f"rules-{n}.tally"), str(data / f"claims-{n}.csv")]))
    walls = {}

    def run(n: int, form: str, inputs: list[str], label: str, options: list[str]) -> None:
        wall, rss, pss, cpu = median_of(exe + ["check", *inputs, "--format", "json", *options], args.repeat)
        walls[n, form, label] = wall
        j2 = walls.get((n, form, "jobs 2"))
        versus = f"{wall / j2:>5.2f}x" if label == "dask" and j2 else ""
        print(f"{n:>9} {form:>5} {label:>8} {wall:>8.2f} {cpu:>7.1f} {n / wall:>9.0f} {rss:>7} {pss:>7} {versus:>6}",
              flush=True)

    # the local runs first, with no cluster on the machine: an idle Dask cluster (a scheduler,
    # a nanny, two workers, their event loops and profilers) took 8% of a --jobs 2 run at 1M
    for n, form, inputs in cases:
        for j in args.jobs.split(","):
            run(n, form, inputs, f"jobs {j}", ["--jobs", j])
    if args.dask:
        with LocalDask() as scheduler:
            for n, form, inputs in cases:
                run(n, form, inputs, "dask", ["--engine", "dask", "--scheduler", scheduler])
    if not args.no_z3:
        for n in dict.fromkeys(n for n, _, _ in cases):
            subprocess.run([sys.executable, str(HERE / "solver_vs_z3.py"), "--tally", str(data / f"claims-{n}.tally")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
