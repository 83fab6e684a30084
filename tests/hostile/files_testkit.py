"""Helpers of the hostile families about files: outputs and links, folder search, special
files, size limits, error context (docs/security.md)."""

from __future__ import annotations

import ctypes
import json
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

CONSISTENT = "source mod\n  x = 5\n"
CONTRADICTION = "source a\n  y = 5\nsource b\n  y = 6\n"
SECRET = "tallycheck-hostile-secret-7f3a9c"  # put in the environment of runs that must not show it


def fifo(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def unix_socket(folder: Path, name: str) -> Path:
    """A socket file at ``folder/name`` (bound from inside the folder: socket paths are short)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(path.name)
        sock.close()
    finally:
        os.chdir(here)
    return path


def sparse(folder: Path, name: str, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on disk (zeros)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def many_claims(n: int) -> str:
    """A claims file whose report is big (``n`` quantities): a run takes a while to write it."""
    return "source src1\nsource src2\n" + "".join(f"src1: q{i} = {i}\nsrc2: q{i} = {i}\n" for i in range(n))


def without_root_powers(case: Callable[[], None]) -> None:
    """Run ``case`` where permissions hold: as root, in a forked process that has dropped
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its bounding set, so that the programs it
    starts (tallycheck) cannot read a folder whose mode forbids it."""
    if os.geteuid() != 0:
        case()
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        status = 0
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
                if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                    raise OSError(ctypes.get_errno(), "cannot drop root's powers")
            case()
        except BaseException:
            os.write(write_end, traceback.format_exc().encode())
            status = 1
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        failure = fh.read().decode()
    os.waitpid(pid, 0)
    assert not failure, failure


class Watch:
    """While a run writes ``path``, read it again and again: every content seen must be the
    old one or a whole JSON document (``torn`` lists what was not).  With ``kill``, the
    first run seen writing (``path`` changed, or a temporary file beside it) is killed."""

    def __init__(self, path: Path, kill: bool = False) -> None:
        self.path = path
        self.old = path.read_bytes() if path.exists() else None
        self.kill = kill
        self.killed = False
        self.torn: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> "Watch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.path.read_bytes()
            except OSError:
                data = None
            changed = data != self.old
            if changed and data is not None and not _whole_json(data):
                self.torn.append(data[:200])
            if self.kill and not self.killed and (changed or _temporary_beside(self.path)):
                self.killed = _kill_writer(self.path.parent)
            time.sleep(0.0002)


def _whole_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def _temporary_beside(path: Path) -> bool:
    return any(name.startswith(".") for name in os.listdir(path.parent))


def _kill_writer(folder: Path) -> bool:
    """Kill the tallycheck run writing into ``folder`` (found by its command line)."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"tallycheck" in argv and any(str(folder).encode() in a for a in argv):
            try:
                os.kill(int(pid), 9)
            except ProcessLookupError:
                continue
            return True
    return False


@contextmanager
def file_size_limit(size: int):
    """Files written by the programs started inside may not grow past ``size`` bytes (as on a
    full disk: a write past it fails with EFBIG; Python ignores SIGXFSZ)."""
    import resource

    old = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, old[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old)
