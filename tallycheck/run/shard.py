"""One shard checked whole (step 3): its lines read, built, solved and assembled, in one
process -- a local worker or a Dask worker alike -- and returned as its :class:`Part` of the
report.

A shard sees the input as one process does, but for the lines of other shards, which are
blank (every line keeps its number); a file none of whose own lines it keeps is not read.
"""

from __future__ import annotations

import io
import pickle
import re
from array import array
from dataclasses import dataclass, replace
from typing import Sequence

from ..build.builder import build
from ..build.typos import Written
from ..options import Options
from ..pipeline import check_model
from ..read.inputs import read_documents
from ..report.assemble import conflict_order, unknown_order
from ..report.records import Report
from .executors import collector_off

SECTIONS = ("conflicts", "agreements", "quantities", "unknowns")


# How each section of the report is ordered (as tallycheck.report.assemble orders it).
SORT_KEYS = (conflict_order, lambda a: (a.claim.file, a.claim.line, a.claim.column), lambda q: q.name,
             unknown_order)


@dataclass
class Part:
    """A shard's part of the report: its report, its sources in the order they are declared
    (``(file index, line, column, id, name)``; with ``--format json``, and the source's JSON
    record), and with ``--format json`` each section's records as JSON lines (in the file
    ``records``, or as ``text``) and the keys that order them, instead of the report's
    sections."""

    report: Report
    sources: list
    keys: tuple | None = None
    records: str | None = None
    text: str | None = None
    written: Written | None = None  # the names a shard writes: typos are looked for over all of them, in merge
    strict: bool = False  # --strict, `set strict true`: the typo warnings found in merge are errors
    held: tuple = ()  # what made it: never sent, never freed in a worker that leaves (see check_shard)

    def __getstate__(self) -> bytes:
        """Pickled whole here, the cyclic collector off: a Dask worker pickles a result with it
        on, and a collection every few thousand records walked all of them (a shard of 1M
        claims: 1.3 s, not 0.1)."""
        with collector_off():
            return pickle.dumps({**self.__dict__, "held": ()}, protocol=pickle.HIGHEST_PROTOCOL)

    def __setstate__(self, state: bytes) -> None:
        with collector_off():
            self.__dict__.update(pickle.loads(state))


def check_shard(texts: Sequence[tuple[str, str]], starts: Sequence[array | None], keep: Sequence[array] | None,
                options: Options, as_json: bool = False, records: str | None = None, leaves: bool = False) -> Part:
    """The part of the report of the lines ``keep`` (per file; None: the whole input), each
    file's lines starting at ``starts`` (:func:`line_starts`), with its JSON records written
    to the file ``records`` or, without it, kept as text.

    It runs as a task of an executor, with the cyclic collector off (millions of small
    records, no cycles).  In a process that ``leaves`` once the part is sent (a forked local
    worker), what it made stays referenced by the part (``held``): it leaves without freeing
    it object by object, which took a tenth of a second a shard.  A process that lives on (a
    Dask worker) lets it go as soon as the part is made, by reference counting, before the
    collector is back on (held until the part was sent, it was walked by every collection
    the worker made meanwhile)."""
    mine = list(texts) if keep is None else shard_texts(texts, starts, keep)
    documents = read_documents(mine, options)
    model = build(documents, options, part=keep is not None)
    report = check_model(model)
    index = {name: i for i, (name, _) in enumerate(texts)}
    sources = sorted((index[s.loc.file], s.loc.line, s.loc.column, s.id, s.name) for s in model.sources.values())
    part = Part(report, sources, written=model.written if keep is not None else None,
                strict=model.options.strict, held=(documents, model, report) if leaves else ())
    if as_json:
        _to_json(part, records)
    return part


def _to_json(part: Part, records: str | None) -> None:
    """The part's sections as JSON records, one a line, section after section, and their keys."""
    from ..formats import json_format as j

    report = part.report
    makers = (j.conflict_record, j.agreement_record, j.quantity_record, j.unknown_record)
    sections = [getattr(report, name) for name in SECTIONS]
    with (open(records, "w", encoding="utf-8", newline="\n") if records else io.StringIO()) as fh:
        for make, items in zip(makers, sections):
            fh.writelines(f"{j.encode_record(make(x))}\n" for x in items)
        if records is None:
            part.text = fh.getvalue()
    part.keys = tuple([key(x) for x in items] for key, items in zip(SORT_KEYS, sections))
    part.sources = [(*s, j.encode_record({"id": s[3], "name": s[4]})) for s in part.sources]
    part.records = records
    part.report = replace(report, conflicts=(), agreements=(), quantities=(), unknowns=())


def line_starts(text: str | None) -> array:
    """Where each line of ``text`` starts (the first at 0)."""
    starts = array("q", [0])
    starts.extend(m.end() for m in _NEWLINE.finditer(text or ""))
    return starts


_NEWLINE = re.compile("\n")


def shard_texts(texts: Sequence[tuple[str, str]], starts: Sequence[array], keep: Sequence[array]
                ) -> list[tuple[str, str | None]]:
    """The input as a shard sees it: the lines it keeps (in any order, some more than once),
    the others blank; None for a file it keeps no line of.  Made from the kept lines alone (a
    shard keeps a small part)."""
    out: list[tuple[str, str | None]] = []
    for (name, text), begins, mine in zip(texts, starts, keep):
        if not len(mine):
            out.append((name, None))
            continue
        pieces = []
        previous = 1
        for lineno in sorted(set(mine)):
            end = begins[lineno] - 1 if lineno < len(begins) else len(text)
            pieces.append("\n" * (lineno - previous))
            pieces.append(text[begins[lineno - 1]:end])
            previous = lineno
        pieces.append("\n" * (len(begins) - previous))
        out.append((name, "".join(pieces)))
    return out
