"""Helpers of tests/hostile: tallycheck run as an attacker or an unlucky user would run it.

Every hostile case asserts the same four things (issue 12): the exit code, no traceback
(nor "internal error"), the inputs byte-identical after the run, and the message the user
sees.  Each family of cases is a ``test_<family>.py`` of its own in this folder.

A case runs ``python -m tallycheck`` in a fresh process with a time limit, so that a hang
is a failure of the test and not of the test run, and a signal can be sent to it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def __repr__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out[-4000:]}\n--- stderr\n{self.err[-4000:]}"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` (links not followed): a regular file's bytes, a link's
    target; what a run must leave as it found it."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            key = str(p.relative_to(folder))
            if p.is_symlink():
                out[key] = "-> " + os.readlink(p)
            elif p.is_file():
                try:
                    out[key] = p.read_bytes()
                except OSError:
                    out[key] = "unreadable"
    return out


def run_cli(*argv, cwd: Path | str = ROOT, timeout: float = 60, stdin: str | None = None,
            env: dict[str, str] | None = None) -> Result:
    """``tallycheck ARGV…`` in a fresh process; a run past ``timeout`` seconds fails the test."""
    environment = {**os.environ, **(env or {})}
    environment.pop("TALLYCHECK_UPDATE_GOLDEN", None)
    try:
        proc = subprocess.run([sys.executable, "-m", "tallycheck", *map(str, argv)], cwd=cwd, env=environment,
                              input=stdin, capture_output=True, text=True, timeout=timeout,
                              errors="backslashreplace")
    except subprocess.TimeoutExpired:
        raise AssertionError(f"tallycheck {' '.join(map(str, argv))} did not answer within {timeout} s") from None
    return Result(proc.returncode, proc.stdout, proc.stderr)


def assert_clean(r: Result) -> None:
    """No traceback and no internal error, whatever the input."""
    assert "Traceback" not in r.out + r.err, r
    assert "internal error" not in r.out + r.err, r


def hostile(folder: Path, argv: list, *, code: int, message: str | None = None, timeout: float = 60,
            cwd: Path | None = None) -> Result:
    """Run one hostile case on the files already written under ``folder``: assert the exit
    code, no traceback, ``message`` in what the user sees, and every file unchanged."""
    before = snapshot(folder)
    r = run_cli(*argv, cwd=cwd or folder, timeout=timeout)
    assert_clean(r)
    assert r.code == code, r
    if message is not None:
        assert message in r.out + r.err, r
    assert snapshot(folder) == before, "the run changed its inputs"
    return r
