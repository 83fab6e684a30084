"""The inputs and read stages: paths -> files -> decoded text -> :class:`~tallycheck.read.syntax.Document`.

Every problem becomes a located diagnostic.  Which reader reads a file is decided here,
by its suffix (:func:`read_document`):

    .tally                      tallycheck.read.parse.parse_document    claims files
    .md .markdown .txt          tallycheck.read.prose.read_prose        annotated articles
    .csv .tsv .jsonl            tallycheck.read.datasets.read_dataset   datasets, one claim per row

Any other suffix named explicitly is read as a claims file.  A folder is searched for
claims files and datasets, and for articles that start with front matter (a ``---``
line); other .md/.txt files in a folder (READMEs, notes) are skipped.  Hidden files and
folders (a name starting with ``.``) are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import syntax as s
from ..diagnostics import Diagnostic, Location
from ..numbers import ReadOptions
from ..options import Options

CLAIM_SUFFIXES = (".tally",)
PROSE_SUFFIXES = (".md", ".markdown", ".txt")
DATASET_SUFFIXES = (".csv", ".tsv", ".jsonl")
INPUT_SUFFIXES = CLAIM_SUFFIXES + PROSE_SUFFIXES + DATASET_SUFFIXES


def _suffix(file: str) -> str:
    return Path(file).suffix.lower()


def _starts_with_front_matter(path: Path) -> bool:
    """Whether an article found in a folder starts with a ``---`` line (read without decoding all of it)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return True  # let the read report why it cannot be read
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    first = head.split(b"\n", 1)[0].rstrip(b"\r").rstrip()
    return first == b"---"


def _found_in(folder: Path) -> list[str]:
    found: list[str] = []
    for f in folder.rglob("*"):
        rel = f.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or not f.is_file():
            continue
        suffix = f.suffix.lower()
        if suffix in CLAIM_SUFFIXES or suffix in DATASET_SUFFIXES:
            found.append(str(f))
        elif suffix in PROSE_SUFFIXES and _starts_with_front_matter(f):
            found.append(str(f))
    return sorted(found)


def find_inputs(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """Files named, and input files found under directories (sorted, so runs are repeatable)."""
    files: list[str] = []
    problems: list[Diagnostic] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = _found_in(path)
            if not found:
                problems.append(
                    Diagnostic(
                        Location(p, 0),
                        "no input files in this directory (.tally claims, .csv/.tsv/.jsonl datasets, "
                        ".md/.txt articles starting with front matter)",
                        "no-input",
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(p)
        elif path.exists():
            problems.append(Diagnostic(Location(p, 0), "not a regular file", "no-input"))
        else:
            problems.append(Diagnostic(Location(p, 0), "no such file or directory", "no-input"))
    seen: set[str] = set()
    unique = []
    for f in files:  # a file named twice (or named and found in a folder) is read once
        key = os.path.normpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


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


def read_document(file: str, text: str, options: Options = Options()) -> s.Document:
    """One file's text read by the reader its suffix names (never raises for bad input)."""
    suffix = _suffix(file)
    if suffix in PROSE_SUFFIXES:
        from .prose import read_prose

        return read_prose(text, file, ReadOptions(approximate=options.approximate, decimal_comma=options.decimal_comma))
    if suffix in DATASET_SUFFIXES:
        from .datasets import read_dataset

        return read_dataset(text, file, options)
    from .parse import parse_document

    return parse_document(text, file)


def read_documents(texts: list[tuple[str, str | None]], options: Options = Options()) -> list[s.Document]:
    """The read stage for a whole run: every file read, then what only the whole run knows
    (a dataset's sources are declared unless another file declares them; a dataset row's
    date dates its claims about `cumulative` quantities).  A text of None is a file none
    of whose lines is here (a shard of ``--jobs``): an empty document."""
    documents = [s.Document(file) if text is None else read_document(file, text, options) for file, text in texts]
    if any(_suffix(d.file) in DATASET_SUFFIXES for d in documents):
        from .datasets import finish_datasets

        finish_datasets(documents, [_suffix(d.file) in DATASET_SUFFIXES for d in documents])
    return documents
