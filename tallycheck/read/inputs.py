"""The inputs and read stages: paths -> files -> decoded text -> :class:`~tallycheck.read.syntax.Document`.

Every problem becomes a located diagnostic.  Which reader reads a file is decided here,
by its suffix (:func:`read_document`):

    .tally                      tallycheck.read.parse.parse_document    claims files
    .md .markdown .txt          tallycheck.read.prose.read_prose        annotated articles
    .csv .tsv .jsonl            tallycheck.read.datasets.read_dataset   datasets, one claim per row

Any other suffix named explicitly is read as a claims file.  A folder is searched for
claims files and datasets, and for articles that start with front matter (a ``---``
line); other .md/.txt files in a folder (READMEs, notes) are skipped.  Hidden files and
folders (a name starting with ``.``) are skipped.  The search never leaves the folder it was
given, and reads regular files only (:func:`_search`); every file is read by
:func:`tallycheck.files.read_bytes`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from . import syntax as s
from ..diagnostics import Diagnostic, Location
from ..files import NotReadable, file_id, kind_of, open_regular, read_bytes, reason, shown_path
from ..numbers import ReadOptions
from ..options import Options

CLAIM_SUFFIXES = (".tally",)
PROSE_SUFFIXES = (".md", ".markdown", ".txt")
DATASET_SUFFIXES = (".csv", ".tsv", ".jsonl")
INPUT_SUFFIXES = CLAIM_SUFFIXES + PROSE_SUFFIXES + DATASET_SUFFIXES


def _suffix(file: str) -> str:
    return Path(file).suffix.lower()


@dataclass(frozen=True)
class InputFile:
    """A file to read: ``path`` to open it by, ``name`` to show it by (the path with bytes
    that are not UTF-8 written as ``\\xe9``: see :func:`tallycheck.files.shown_path`)."""

    path: str
    name: str


def _starts_with_front_matter(path: str) -> bool:
    """Whether an article found in a folder starts with a ``---`` line (its first bytes only)."""
    try:
        with open_regular(path) as (fh, _):
            head = fh.read(64)
    except (NotReadable, OSError):
        return True  # let the read report why it cannot be read
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    first = head.split(b"\n", 1)[0].rstrip(b"\r").rstrip()
    return first == b"---"


def _is_input_name(name: str) -> bool:
    return _suffix(name) in INPUT_SUFFIXES


def _warning(path: str, message: str) -> Diagnostic:
    return Diagnostic(Location(shown_path(path), 0), message, "skipped", severity="warning")


def _search(folder: str, problems: list[Diagnostic]) -> list[str]:
    """The input files under ``folder``, which the search never leaves (:func:`_may_enter`);
    a sub-folder that cannot be read is a warning.  Hidden files and folders are skipped."""
    top = str(Path(folder))  # named as pathlib names them: "d/x.tally", not "./d/x.tally"
    root = os.path.realpath(top)
    found: list[str] = []
    pending = [top]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError as e:
            if here == top:
                raise
            problems.append(_warning(here, f"folder not searched: cannot read it ({reason(e)})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.name if here == "." else os.path.join(here, entry.name)
            st = _may_enter(entry, path, top, root, problems)
            if st is None:
                continue
            if stat.S_ISDIR(st.st_mode):
                pending.append(path)
                continue
            suffix = _suffix(entry.name)
            if suffix in CLAIM_SUFFIXES or suffix in DATASET_SUFFIXES:
                found.append(path)
            elif suffix in PROSE_SUFFIXES and _starts_with_front_matter(path):
                found.append(path)
    return sorted(found)


def _may_enter(entry: os.DirEntry, path: str, top: str, root: str,
               problems: list[Diagnostic]) -> os.stat_result | None:
    """The status of a folder to search or a regular file to look at, or None for what the
    search of ``top`` (``root`` once resolved) skips: a link that leads out of it or to
    nothing, a link to a folder inside (searched where it is), a FIFO, a device, a socket;
    with a warning when the name is an input's (or the link leads to a folder outside)."""
    link = False
    try:
        link = entry.is_symlink()
        st = os.stat(path) if link else entry.stat(follow_symlinks=False)
    except OSError as e:  # a link to nothing, a link loop, a name the system will not look up
        if _is_input_name(entry.name):
            why = "a link to nothing" if link and isinstance(e, FileNotFoundError) else reason(e)
            problems.append(_warning(path, f"skipped: {why}"))
        return None
    folder = stat.S_ISDIR(st.st_mode)
    if link and not _inside(os.path.realpath(path), root):
        if folder or _is_input_name(entry.name):
            problems.append(_warning(path, f"skipped: a link to a {'folder' if folder else 'file'} outside the "
                                           f"searched folder {shown_path(os.path.join(top, ''))} (name it on the "
                                           "command line to read it)"))
        return None
    if folder:
        return None if link else st
    if not stat.S_ISREG(st.st_mode):
        if _is_input_name(entry.name):
            problems.append(_warning(path, f"skipped: {kind_of(st.st_mode)}, not a regular file"))
        return None
    return st


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def find_inputs(paths: list[str]) -> tuple[list[InputFile], list[Diagnostic]]:
    """Files named, and input files found under folders (sorted, so runs are repeatable).
    A file named twice, or named and found in a folder, or reached by two names (a link, a
    hard link) is read once.  A path named that is not a regular file or a folder is an
    error; what a folder search skips is a warning."""
    files: list[str] = []
    problems: list[Diagnostic] = []
    for p in paths:
        try:
            st = os.stat(p)
        except FileNotFoundError:
            problems.append(Diagnostic(Location(shown_path(p), 0), "no such file or directory", "no-input"))
            continue
        except (OSError, ValueError) as e:
            why = reason(e) if isinstance(e, OSError) else "not a path"
            problems.append(Diagnostic(Location(shown_path(p), 0), f"cannot read: {why}", "no-input"))
            continue
        if stat.S_ISDIR(st.st_mode):
            try:
                found = _search(p, problems)
            except OSError as e:
                problems.append(Diagnostic(Location(shown_path(p), 0), f"cannot read this folder: {reason(e)}",
                                           "no-input"))
                continue
            if not found:
                problems.append(
                    Diagnostic(
                        Location(shown_path(p), 0),
                        "no input files in this directory (.tally claims, .csv/.tsv/.jsonl datasets, "
                        ".md/.txt articles starting with front matter)",
                        "no-input",
                    )
                )
            files.extend(found)
        elif stat.S_ISREG(st.st_mode):
            files.append(p)
        else:
            problems.append(Diagnostic(Location(shown_path(p), 0),
                                       f"not a regular file: {kind_of(st.st_mode)} (tallycheck reads regular files "
                                       "only)", "no-input"))
    seen: set[tuple[int, int] | str] = set()
    unique = []
    for f in files:
        key = file_id(f) or os.path.normpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(InputFile(f, shown_path(f)))
    return unique, problems


def read_text(path: str, limit: int, name: str | None = None) -> tuple[str | None, Diagnostic | None]:
    """The text of the file at ``path`` (UTF-8, at most ``limit`` bytes), or a diagnostic
    located at ``name`` (default: the path), pointing at the first bad byte when it is not
    UTF-8.  What every reader of an input uses (``check``, ``extract``)."""
    file = name or shown_path(path)
    try:
        data = read_bytes(path, limit)
    except NotReadable as e:
        return None, Diagnostic(Location(file, 0), f"cannot read: {e}", "io")
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
