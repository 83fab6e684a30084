"""Helpers of tests/inputs (a module name of its own: `conftest` is ambiguous across test folders)."""

import json
from pathlib import Path

from tallycheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    @property
    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def make_run(capsys, monkeypatch):
    """Run the CLI in-process from the project root, as a user would from a checkout."""
    monkeypatch.chdir(ROOT)

    def go(*argv, cwd=None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return go


def no_traceback(r):
    assert "Traceback" not in r.out + r.err, r
    assert "internal error" not in r.out + r.err, r


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
