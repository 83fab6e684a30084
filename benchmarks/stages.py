"""Where the time of one big check goes: a timeline of the plan's steps (tallycheck/run/),
wall and CPU seconds of each, in the process that ran it.

    python benchmarks/stages.py /tmp/bdata/claims-1000000.tally              # --jobs 2
    python benchmarks/stages.py rules-1000000.tally claims-1000000.csv --jobs 1

It runs ``check --format json`` as the command does (the report to /dev/null), with each
step wrapped: reading, the scan (each batch, in its worker), the plan, each shard's read,
build, solve and assemble, JSON records, and after the shards the problems merged (the
search for misspelt names over all of them) and the merged JSON written.  Lines are
``seconds-since-start [pid] step: wall, cpu``; a shard's lines come from its worker.  The
CPU seconds are the useful figure on a busy machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

T0 = time.time()


def log(message: str) -> None:
    sys.stderr.write(f"{time.time() - T0:7.2f} [{os.getpid()}] {message}\n")
    sys.stderr.flush()


def timed(module, name: str, label: str | None = None) -> None:
    fn = getattr(module, name)

    def wrapper(*args, **kwargs):
        wall, cpu = time.time(), time.process_time()
        result = fn(*args, **kwargs)
        log(f"{label or name}: {time.time() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s cpu")
        return result

    setattr(module, name, wrapper)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    gc.disable()  # as the command runs
    from tallycheck import pipeline
    from tallycheck.options import Options
    from tallycheck.run import check, merge, shard

    timed(pipeline, "read_files", "read")
    timed(check, "_scans", "scan, all batches")
    timed(check, "scan_items", "  scan, one batch")
    timed(check, "plan")
    timed(check, "line_starts", "line starts")
    timed(shard, "read_documents", "  shard read")
    timed(shard, "build", "  shard build")
    timed(shard, "check_model", "  shard solve and assemble")
    timed(shard, "_to_json", "  shard JSON records")
    timed(check, "check_shard", "shard")
    timed(merge, "merged_problems", "problems merged (misspelt names)")
    report = check.check_paths(args.paths, Options(), check.Run(jobs=args.jobs), as_json=True)
    log("checked")
    wall, cpu = time.time(), time.process_time()
    with open(os.devnull, "w", encoding="utf-8") as fh:
        report.write(fh) if isinstance(report, merge.MergedJson) else fh.write(str(report))
    log(f"merged JSON written: {time.time() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s cpu")
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
