"""Finding and decoding input files; every problem becomes a located diagnostic."""

from __future__ import annotations

import os
from pathlib import Path

from .diagnostics import Diagnostic, Location

CLAIM_SUFFIXES = (".tally",)


def find_inputs(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """Files named, and claims files found under directories (sorted, so runs are repeatable)."""
    files: list[str] = []
    problems: list[Diagnostic] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                str(f) for f in path.rglob("*") if f.is_file() and f.suffix in CLAIM_SUFFIXES
            )
            if not found:
                problems.append(Diagnostic(Location(p, 0), "no .tally files in this directory", "no-input"))
            files.extend(found)
        elif path.is_file():
            files.append(p)
        elif path.exists():
            problems.append(Diagnostic(Location(p, 0), "not a regular file", "no-input"))
        else:
            problems.append(Diagnostic(Location(p, 0), "no such file or directory", "no-input"))
    return files, problems


def read_text(file: str) -> tuple[str | None, Diagnostic | None]:
    """The file's text as UTF-8, or a diagnostic pointing at the first bad byte."""
    try:
        data = Path(file).read_bytes()
    except OSError as e:
        return None, Diagnostic(Location(file, 0), f"cannot read: {os.strerror(e.errno) if e.errno else e}", "io")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        line_end = data.find(b"\n", e.start)
        shown = data[line_start : line_end if line_end >= 0 else len(data)].decode("utf-8", errors="replace")
        return None, Diagnostic(
            Location(file, line, column),
            f"not valid UTF-8: byte 0x{data[e.start]:02x} cannot start or continue a character "
            "(save the file as UTF-8)",
            "encoding",
            shown,
        )
