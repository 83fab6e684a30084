"""Files, read and written the one way each (docs/security.md).

Every reader (inputs, ``--config``, the project file, ``--baseline``, ``extract``) reads
through :func:`read_bytes`: regular files only, opened so that a FIFO cannot block
(``O_NONBLOCK``, then checked to be a regular file), and no more than a size limit (the
option ``max_file_size``), whatever size the file claims (``/proc`` files claim none).

Every writer (``--output``, ``--write-baseline``) writes through :func:`write_file`: to a
temporary file beside the target, then renamed onto it, so that a reader sees the old file
or the new one, never a part, and a run that fails or is killed while writing leaves the
old file.  :func:`same_file_problem` refuses, before anything is read, to write a file that
the run reads.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import IO, BinaryIO

from .diagnostics import Diagnostic, Location

MB = 1 << 20
_CHUNK = MB
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once (POSIX)
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


class NotReadable(Exception):
    """Why a file is not read, in plain words (``str(e)``): the caller says which file it was."""


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(mode: int) -> NotReadable:
    return NotReadable(f"not a regular file: {kind_of(mode)} (tallycheck reads regular files only)")


def reason(e: OSError) -> str:
    """Why an operation on a file failed, in the system's words (``Permission denied``)."""
    if e.errno == errno.ENXIO:  # opening a socket
        return "not a regular file: a socket (tallycheck reads regular files only)"
    return os.strerror(e.errno) if e.errno else str(e)


@contextmanager
def open_regular(path: str) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """``path`` opened for reading, with its status; raises :class:`NotReadable` unless it is a
    regular file.  Opened without blocking, so that a FIFO (or a device) is refused at once."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as e:
        raise NotReadable(reason(e)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(st.st_mode)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield fh, st  # type: ignore[misc]


def size_text(size: int) -> str:
    """A size as people write it: ``256MB``, ``64KB``, ``1000B`` (1 MB = 1,048,576 bytes)."""
    for unit, factor in (("GB", 1 << 30), ("MB", MB), ("KB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{unit}"
    return f"{size}B"


_SIZE = re.compile(r"([0-9]{1,15})\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?", re.I)
_FACTORS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": MB, "mb": MB, "mib": MB,
            "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30}


def parse_size(text: str) -> int | None:
    """``256MB`` -> 268435456 (units B, KB, MB, GB of 1024; KiB… too); None if it is not a size."""
    m = _SIZE.fullmatch(text.strip())
    if m is None:
        return None
    return int(m.group(1)) * _FACTORS[(m.group(2) or "").lower()]


def _too_big(limit: int) -> NotReadable:
    return NotReadable(f"larger than the limit of {size_text(limit)} (the option max_file_size; "
                       "raise it with --set max_file_size=…)")


def read_bytes(path: str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; raises
    :class:`NotReadable` (a missing file, a FIFO, a device, a folder, a file over the limit)."""
    with open_regular(path) as (fh, st):
        if st.st_size > limit:
            raise _too_big(limit)
        parts: list[bytes] = []
        total = 0
        want = st.st_size + 1 if st.st_size else _CHUNK  # a file may say 0 (/proc) or grow
        while True:
            try:
                chunk = fh.read(min(want, limit + 1 - total))
            except OSError as e:
                raise NotReadable(reason(e)) from None
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_big(limit)
            want = _CHUNK
    return parts[0] if len(parts) == 1 else b"".join(parts)


def shown_path(path: str) -> str:
    """A path as shown to people: bytes that are not UTF-8 (kept by the OS as surrogate
    escapes) written as ``\\xe9``, so that a name never breaks an output."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def file_id(path: str) -> tuple[int, int] | None:
    """The file ``path`` names (device, inode), through links; None when there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def same_file_problem(writes: Sequence[tuple[str, str]], reads: Sequence[tuple[str, str]]) -> Diagnostic | None:
    """A problem when a file to be written (``(option, path)``, such as ``("--output",
    "report.json")``) is a file the run reads (``(what, path)``, such as ``("the input",
    "a.tally")``) or another file to be written: the same file by device and inode, whatever
    the names (links, hard links, ``..``)."""
    read: dict[tuple[int, int], str] = {}
    for what, path in reads:
        key = file_id(path)
        if key is not None:
            read.setdefault(key, f"{what} {shown_path(path)}")
    written: dict[object, str] = {}
    for option, path in writes:
        key: object = file_id(path) or os.path.realpath(path)  # a file yet to be made: by its path
        where = Location(shown_path(path), 0)
        if key in read:
            return Diagnostic(where, f"{option} {shown_path(path)} is {read[key]}: tallycheck never writes a "
                              "file it reads; write to another file", "output")
        if not _regular_or_new(path):  # /dev/null, a terminal: written as they are, by any number of writers
            continue
        if key in written:
            return Diagnostic(where, f"{option} {shown_path(path)} is the file of {written[key]} too: give "
                              "each its own file", "output")
        written[key] = option
    return None


def _regular_or_new(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return True


def write_file(path: str, write: Callable[[IO[str]], None]) -> None:
    """Write ``path`` (UTF-8 text) by ``write(fh)``: into a temporary file beside it, renamed
    onto it once complete, so that ``path`` holds the old content or the new, never a part.

    A link is written through (the file it names is replaced, the link kept).  A path that
    is not a regular file (``/dev/null``, a terminal, a FIFO) cannot be replaced and is
    written as it is.  Raises OSError; the temporary file is removed on any failure."""
    target = os.path.realpath(path)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(target, "w", encoding="utf-8") as fh:
            write(fh)
        return
    folder = os.path.dirname(target)
    temporary = os.path.join(folder, f".tallycheck-{secrets.token_hex(6)}.tmp")  # hidden: never searched
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if st is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))  # the report keeps its permissions
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
