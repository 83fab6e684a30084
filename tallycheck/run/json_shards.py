"""The JSON report straight from the shards (``--jobs`` with ``--format json``).

A worker writes its shard's report as JSON records to a file, one record per line, the
sections one after another (conflicts, agreements, quantities, unknowns), and sends back
only the key each record is ordered by in the report.  :class:`JsonShards` merges the
keys and copies each record from its shard's file as it comes: the bytes are those of the
merged report's JSON (tests/scale), while neither the report nor its records are ever
held whole in memory.
"""

from __future__ import annotations

import heapq
import os
from itertools import repeat
from dataclasses import dataclass
from typing import Iterator

from ..diagnostics import Diagnostic
from ..report.records import EXIT_CODES, Report, verdict_of

SECTIONS = ("conflicts", "agreements", "quantities", "unknowns")


def loc_key(view) -> tuple:
    return (view.file, view.line, view.column)


def conflict_key(c) -> tuple:
    return loc_key(c.claims[0]) if c.claims else ("", 0, 0)


def merged_errors(reports, problems, severity: str = "error") -> tuple[Diagnostic, ...]:
    """Every shard reports the problems of the lines all shards share: each once, in order.
    The errors, or with ``severity="warning"`` the warnings."""
    found: dict[tuple, Diagnostic] = {}
    listed = (lambda r: r.errors) if severity == "error" else (lambda r: r.warnings)
    for d in [p for p in problems if p.severity == severity] + [d for r in reports for d in listed(r)]:
        found.setdefault((d.location, d.code, d.message), d)
    return tuple(sorted(found.values(), key=lambda d: d.location))


def joined_sources(reports) -> tuple[tuple[str, str | None], ...]:
    """The sources of shards that each list their own, in shard order (each once)."""
    seen: dict[str, str | None] = {}
    for r in reports:
        for i, n in r.sources:
            seen.setdefault(i, n)
    return tuple(seen.items())


@dataclass(frozen=True)
class JsonShard:
    """A shard's report: its header fields, and for each section the keys its records are
    ordered by, the records themselves being in the file ``records``."""

    title: str | None
    files: tuple[str, ...]
    sources: tuple[tuple[str, str | None], ...]
    claim_count: int
    errors: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...]
    conflicts: list[tuple]
    agreements: list[tuple]
    quantities: list[str]
    unknowns: list[tuple]
    records: str

    @classmethod
    def of(cls, report: Report, records: str) -> "JsonShard":
        """Write the report's records to the file ``records``; the shard that describes them."""
        from ..formats import json_format as j

        enc = j.encode_record
        sections = (
            (conflict_key, j.conflict_record, report.conflicts),
            (lambda a: loc_key(a.claim), j.agreement_record, report.agreements),
            (lambda q: q.name, j.quantity_record, report.quantities),
            (lambda u: u.quantities, j.unknown_record, report.unknowns),
        )
        keys = []
        with open(records, "w", encoding="utf-8", newline="\n") as fh:
            for key, record, items in sections:
                keys.append([key(x) for x in items])
                fh.writelines(f"{enc(record(x))}\n" for x in items)
        return cls(report.title, report.files, report.sources, report.claim_count, report.errors, report.warnings, *keys,
                   records)


class JsonShards:
    """The shards' JSON records, merged as they are written: the same bytes as the JSON of
    the merged report.  Each shard's file is opened (and its name removed) at once, so
    that it outlives the folder the workers wrote it in."""

    def __init__(self, shards: list[JsonShard], problems: list[Diagnostic],
                 sources: tuple[tuple[str, str | None], ...] | None = None) -> None:
        self.shards = shards
        self.sources = shards[0].sources if sources is None else sources  # the first shard lists them all
        self.errors = merged_errors(shards, problems)
        self.warnings = merged_errors(shards, problems, "warning")
        self.verdict = verdict_of(len(self.errors), sum(len(sh.conflicts) for sh in shards),
                                  sum(len(sh.unknowns) for sh in shards))
        self._files = []
        for sh in shards:
            self._files.append(open(sh.records, encoding="utf-8", newline="\n"))
            os.unlink(sh.records)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def _merged(self, section: str) -> Iterator[str]:
        """The section's records of every shard in report order: each shard's records are
        in order in its file, so each file is read straight through."""
        keyed = [zip(getattr(sh, section), repeat(i)) for i, sh in enumerate(self.shards)]
        readers = [fh.readline for fh in self._files]
        for _, i in heapq.merge(*keyed):  # (key, shard): equal keys in shard order, as a stable merge
            yield readers[i]()[:-1]

    def chunks(self) -> Iterator[str]:
        from ..formats import json_format as j

        first = self.shards[0]
        fields = {
            "format_version": j.FORMAT_VERSION,
            "title": first.title,
            "verdict": self.verdict,
            "summary": {
                "files": len(first.files),
                "sources": len(self.sources),
                "claims": sum(sh.claim_count for sh in self.shards),
                "conflicts": sum(len(sh.conflicts) for sh in self.shards),
                "errors": len(self.errors),
                "warnings": len(self.warnings),
            },
            "sources": (j.encode_record({"id": i, "name": n}) for i, n in self.sources),
            **{section: self._merged(section) for section in SECTIONS},
            "errors": (j.encode_record(j.error_record(d)) for d in self.errors),
            "warnings": (j.encode_record(j.error_record(d)) for d in self.warnings),
        }
        return j.layout(fields)

    def write(self, stream) -> None:
        try:
            for piece in self.chunks():
                stream.write(piece)
        finally:
            for fh in self._files:
                fh.close()
