"""``--jobs N`` without a plan, when it is not needed: a file checked in stretches.

Archives are mostly written story by story.  A ``.tally`` file cut into N stretches at
the head of a story (tallycheck.run.line_scan.stretches) is then N inputs that share nothing,
and each can be checked whole by a worker, with no scan of the lines beforehand
(tallycheck.run.shards plans one).
Whether they share nothing is known exactly only once they are read: so each worker reads
and builds its stretch, sends what it found (the quantity names its statements mention or
declare, the ``sum(prefix.*)`` it uses, the sources it declares or names) and waits.  If no
two stretches share any of these, and every stretch declares the sources it names, the
workers go on (solve, assemble, write their records) and the report is put together as
the shards' is; otherwise they stop and the file is checked through the plan.

Every stretch keeps the ``set`` and ``title`` lines of the whole file, and the other lines
blanked so that every line keeps its number; a stretch starts where nothing before it
changes how its lines are read.  The report is the same, byte for byte, as one process
gives (tests/scale).
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Sequence

from . import line_scan
from ..read import syntax as s
from ..diagnostics import Diagnostic
from .json_shards import JsonShard, JsonShards, joined_sources
from ..options import Options
from ..report.records import Report
from .shards import merge, statement_names
from .workers import Partner, WorkerFailed, keep, start_partner

# A stretch at most this long (lines): a worker holds a whole stretch (about 300 MB here).
MAX_LINES = 150_000

_GLOBAL_LINE = re.compile(r"^(?:set|title)(?![\w.-])", re.M)


@dataclass
class Footprint:
    """What a stretch's statements mention: all that could tie it to another stretch."""

    names: set[str] = field(default_factory=set)  # quantities mentioned or declared
    prefixes: set[str] = field(default_factory=set)  # sum(prefix.*)
    sources: set[str] = field(default_factory=set)  # declared or named
    undeclared: bool = False  # a claim names a source the stretch does not declare


def footprint(documents: Sequence[s.Document]) -> Footprint:
    fp = Footprint()
    for doc in documents:
        declared = {src.id for src in doc.sources}
        fp.sources |= declared
        for declaration in doc.declares:
            fp.names.update(name for name, _ in declaration.names)
        for statement in list(doc.defines) + list(doc.claims):
            for name in statement_names(statement):
                if isinstance(name, str):
                    fp.names.add(name)
                else:
                    fp.prefixes.add(name[1])
        for claim in doc.claims:
            if claim.source is not None:
                fp.sources.add(claim.source)
                if claim.source not in declared:
                    fp.undeclared = True
    return fp


def independent(prints: Sequence[Footprint]) -> bool:
    """Whether no two stretches share a name, a source, or a sum over the other's names."""
    if any(fp.undeclared for fp in prints):
        return False
    names: set[str] = set()
    sources: set[str] = set()
    for fp in prints:
        if not fp.names.isdisjoint(names) or not fp.sources.isdisjoint(sources):
            return False
        names |= fp.names
        sources |= fp.sources
    for i, fp in enumerate(prints):
        for prefix in fp.prefixes:
            head = prefix + "."
            if any(name.startswith(head) for j, other in enumerate(prints) if j != i for name in other.names):
                return False
    return True


def stretch_texts(name: str, text: str, parts: int, top_level: bool = False) -> list[tuple[str, str]] | None:
    """The file as each of about ``parts`` stretches sees it, or None if it does not cut:
    the stretch's own lines as they are, the ``set`` and ``title`` lines before and after
    it where they are, every other line blank.  Cut at story heads, or with ``top_level``
    at any top-level statement that ends a source (tallycheck.run.line_scan.stretches)."""
    cuts = line_scan.stretches(text, parts, top_level)
    if len(cuts) < 2:
        return None
    everywhere = [(text.count("\n", 0, m.start()) + 1, m.start()) for m in _GLOBAL_LINE.finditer(text)]
    total = text.count("\n") + 1
    out = []
    for k, (first, begin, end) in enumerate(cuts):
        last = cuts[k + 1][0] - 1 if k + 1 < len(cuts) else total
        before = _blank_but(text, [g for g in everywhere if g[0] < first], 1, first)
        after = _blank_but(text, [g for g in everywhere if g[0] > last], last, total)
        out.append((name, before + text[begin:end] + after))
    return out


def global_lines(text: str) -> str:
    """The file with only its ``set`` and ``title`` lines (what a stretch holding none of
    its statements still sees), every other line blank."""
    kept = [(text.count("\n", 0, m.start()) + 1, m.start()) for m in _GLOBAL_LINE.finditer(text)]
    return _blank_but(text, kept, 1, text.count("\n") + 1)


def _blank_but(text: str, kept: list[tuple[int, int]], line: int, stop: int) -> str:
    """From the end of line ``line`` to the end of line ``stop - 1`` (``stop``: the start of
    line ``stop``), blank but for the ``kept`` lines (number, offset)."""
    pieces = []
    for number, offset in kept:
        end = text.find("\n", offset)
        pieces.append("\n" * (number - line))
        pieces.append(text[offset:end if end >= 0 else len(text)])
        line = number
    pieces.append("\n" * (stop - line))
    return "".join(pieces)


def check_in_stretches(
    texts: Sequence[tuple[str, str]],
    options: Options,
    problems: list[Diagnostic],
    jobs: int,
    progress: Callable[[int, int, int], None] | None = None,
    as_json: bool = False,
) -> "Report | JsonShards | None":
    """The report of one file checked in ``jobs`` stretches side by side, or None when it
    does not cut or its stretches turn out to share something (check it through the plan)."""
    if len(texts) != 1:
        return None
    (name, text), = texts
    pieces = stretch_texts(name, text, jobs)
    if pieces is None:
        return None
    if progress is not None:
        progress(0, len(pieces), 0)
    with tempfile.TemporaryDirectory(prefix="tallycheck-") as folder:
        partners = [start_partner(partial(_work, piece, options, as_json, folder), k, folder)
                    for k, piece in enumerate(pieces)]
        try:
            prints = [_footprint_of(w, folder) for w in partners]
            go = all(fp is not None for fp in prints) and independent(prints)
            for w in partners:
                w.tell(b"g" if go else b"s")
            results = [w.result(folder, "stretch", missing_ok=True) for w in partners]
        finally:
            for w in partners:
                w.close()
        if not go:
            return None
        for w, result in zip(partners, results):
            if result is None:  # it went on, and ended without a result
                raise WorkerFailed(f"a worker process failed on stretch {w.index + 1}: no result")
        if progress is not None:
            progress(len(results), len(results), sum(len(r.conflicts) for r in results))
        if as_json:
            return JsonShards(results, list(problems), sources=joined_sources(results))
        return merge(results, problems, sources=joined_sources(results))


def _work(piece, options, as_json, folder, index, say, hear):
    """In the worker: read and build the stretch, send its footprint, and go on if told."""
    from ..build.builder import build
    from ..pipeline import check_model
    from ..read.inputs import read_documents

    documents = read_documents([piece], options)
    with open(os.path.join(folder, f"{index}.footprint"), "wb") as fh:
        pickle.dump(footprint(documents), fh, protocol=pickle.HIGHEST_PROTOCOL)
    say(b"1")
    if hear() != b"g":
        return None
    model = build(documents, options)
    report = check_model(model)
    keep(documents, model, report)
    return JsonShard.of(report, os.path.join(folder, f"{index}.records")) if as_json else report


def _footprint_of(w: Partner, folder: str) -> Footprint | None:
    if w.hear() != b"1":  # ended without one
        return None
    with open(os.path.join(folder, f"{w.index}.footprint"), "rb") as fh:
        return pickle.load(fh)
