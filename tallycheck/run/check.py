"""A check of a big input by the plan, on local workers (``--jobs``) or a Dask cluster.

    1. scan    tallycheck.run.scan     each input (a big .tally file in stretches) -> pieces of lines
    2. plan    tallycheck.run.plan     pieces -> groups that never need each other -> shards
    3. shards  tallycheck.run.shard    each shard read, built, solved, assembled -> its part
    4. merge   tallycheck.run.merge    the parts -> the report one process gives, byte for byte

Steps 1 and 3 are tasks of an executor (tallycheck.run.executors).  An input too small to be
worth cutting, or that the plan does not cut, is one shard: checked in this process by the
local executor, by one task on Dask.
"""

from __future__ import annotations

import heapq
import os
from dataclasses import dataclass
from typing import Callable, Sequence

from .. import pipeline
from ..diagnostics import Diagnostic
from ..options import Options
from ..read.inputs import InputFile, find_inputs
from ..report.records import Report
from .executors import Dask, Local
from .merge import MergedJson, merge
from .plan import plan
from .scan import ARTICLES, ROWS, scan_items, stretches
from .shard import Part, check_shard, line_starts

ENGINES = ("local", "dask")
MIN_LINES = 20_000  # smaller inputs are one shard: workers would take longer to start
# With one job, inputs this big are still cut, their shards checked one after another, each in a
# process of its own: memory stays that of one shard (5.7 GB -> about 0.6 GB at 1M claims).
ONE_JOB_MIN_LINES = 300_000
SCAN_APART_CHARS = 1_000_000  # files this big are scanned in stretches, side by side (.tally; datasets unquoted)


@dataclass(frozen=True)
class Run:
    """How a check runs (not what it checks): the report never depends on these."""

    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    progress: Callable[[str, int, int, int], None] | None = None  # (what, done, of how many, conflicts so far)
    min_lines: int | None = None  # smaller inputs are one shard (None: MIN_LINES, ONE_JOB_MIN_LINES)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_paths(paths: list[str], options: Options = Options(), run: Run = Run(), as_json: bool = False
                ) -> "Report | MergedJson":
    """The report of the inputs under ``paths``; with ``as_json`` and an input checked in
    shards, their JSON records instead, merged as they are written."""
    files, problems = find_inputs(paths)
    return check_files(files, problems, options, run, as_json)


def check_files(files: Sequence[InputFile], problems: Sequence[Diagnostic], options: Options = Options(),
                run: Run = Run(), as_json: bool = False) -> "Report | MergedJson":
    """:func:`check_paths` of the files :func:`~tallycheck.read.inputs.find_inputs` found (and
    the problems it met)."""
    progress = run.progress
    texts, problems = pipeline.read_files(files, problems, options, progress and (lambda *a: progress("files", *a)))
    return check_texts(texts, options, problems, run, as_json)


def check_texts(texts: list[tuple[str, str]], options: Options = Options(), problems: Sequence[Diagnostic] = (),
                run: Run = Run(), as_json: bool = False) -> "Report | MergedJson":
    texts, problems = pipeline.prepared(texts, problems, options)
    lines = sum(text.count("\n") + 1 for _, text in texts)
    small = lines < (run.min_lines if run.min_lines is not None else MIN_LINES if run.jobs > 1 else ONE_JOB_MIN_LINES)
    progress = run.progress
    if run.engine == "local" and (small or not hasattr(os, "fork")):
        return pipeline.check_texts(texts, options, problems, progress and (lambda *a: progress("components", *a)))
    with Dask(run.scheduler or "") if run.engine == "dask" else Local(run.jobs) as executor:
        handed = list(zip([name for name, _ in texts], executor.share([text for _, text in texts])))
        shards = None if small else plan(_scans(texts, handed, options, executor), [n for n, _ in texts], executor.jobs)
        if shards is None and run.engine == "local":
            return pipeline.check_texts(texts, options, problems, progress and (lambda *a: progress("components", *a)))
        starts = executor.share([line_starts(text) for _, text in texts]) if shards else [None] * len(texts)
        local = run.engine == "local"
        tasks = [(handed, starts, keep, options, as_json, os.path.join(executor.folder, f"{i}.records")
                  if as_json and local else None, local) for i, keep in enumerate(shards or [None])]
        found = [0]

        def arrived(done: int, part: Part) -> None:
            if part.text is not None:  # records sent back (Dask): kept in a file until they are merged
                part.records = os.path.join(executor.folder, f"{done}.records")
                with open(part.records, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(part.text)
                part.text = None
            found[0] += len(part.keys[0]) if part.keys is not None else len(part.report.conflicts)
            if progress is not None:
                progress("shards", done, len(tasks), found[0])

        parts = executor.run(check_shard, tasks, arrived)
        return (MergedJson if as_json else merge)(parts, problems, executor.beside)


def _scans(texts: Sequence[tuple[str, str]], handed: list, options: Options, executor) -> list:
    """Every input scanned (a big .tally file in stretches), in batches of about equal size, one per job."""
    items = []
    for fi, ((name, text), (_, given)) in enumerate(zip(texts, handed)):
        rows = name.lower().endswith((".csv", ".tsv")) and '"' not in text  # every line a record
        tally = not name.lower().endswith(ROWS + ARTICLES)
        cut = executor.jobs > 1 and len(text) >= SCAN_APART_CHARS and (rows or tally)
        for stretch in stretches(text, executor.jobs, rows) if cut else [None]:
            items.append((len(text) if stretch is None else stretch[2] - stretch[1], (name, given, fi, stretch)))
    batches: list[list] = [[] for _ in range(min(executor.jobs, len(items)))]
    load = [(0, k) for k in range(len(batches))]
    for size, item in sorted(items, key=lambda it: -it[0]):
        total, k = heapq.heappop(load)
        batches[k].append(item)
        heapq.heappush(load, (total + size, k))
    # the first batch is scanned here (``here``), from the texts themselves; the others where
    # the executor runs them, from the texts as handed over
    batches[0] = [(name, texts[fi][1], fi, stretch) for name, _, fi, stretch in batches[0]]
    tasks = [(batch, options) for batch in batches]
    return [sc for scans in executor.run(scan_items, tasks, here=True) for sc in scans]
