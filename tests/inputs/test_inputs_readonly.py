"""tallycheck never modifies its inputs, and stdout holds only the chosen format (logs go to stderr)."""

import hashlib
import json
import xml.etree.ElementTree as ET

from inputs_testkit import FIXTURES, ROOT

from tallycheck.formats import FORMATS


def _snapshot():
    return {
        str(p.relative_to(FIXTURES)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(FIXTURES.rglob("*")) if p.is_file()
    }


def _parses_as(fmt, out):
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out)
    elif fmt == "html":
        assert out.lstrip().lower().startswith("<!doctype html")


def test_no_command_in_any_format_changes_any_fixture(run, tmp_path):
    before = _snapshot()
    assert before, "no fixtures found"
    rel = lambda p: str(p.relative_to(ROOT))  # noqa: E731
    inputs = [rel(p) for p in sorted(FIXTURES.rglob("*")) if p.is_file() and "expected" not in p.parts]
    folders = ["fixtures", "fixtures/articles", "fixtures/election", "fixtures/bad"]
    base = tmp_path / "baseline.json"
    runs = 0
    for path in inputs + folders:
        for fmt in FORMATS:
            r = run("check", path, "--format", fmt)
            assert r.code in (0, 1, 2), (path, fmt)
            assert "Traceback" not in r.out + r.err
            if r.out:
                _parses_as(fmt, r.out)
            runs += 1
        run("check", path, "--format", "json", "--output", tmp_path / "report.json")
        r = run("check", path, "--write-baseline", base, "--format", "json")
        if r.out:
            json.loads(r.out)  # "wrote baseline …" goes to stderr
        if base.exists():
            r = run("check", path, "--baseline", base, "--format", "json")
            json.loads(r.out)  # the known conflicts are listed on stderr
        for args in ([], ["--format", "json"], ["--annotate"]):
            r = run("extract", path, *args)
            if "--format" in args:
                json.loads(r.out)
    run("number", "about 1.2 million")
    run("demo", "--format", "json")
    assert runs >= len(inputs) * len(FORMATS)
    assert _snapshot() == before


def test_stdout_is_only_the_report_and_logs_go_to_stderr(run, tmp_path):
    r = run("extract", "fixtures/articles/simonyan.md", "--format", "json")
    assert r.code == 0 and json.loads(r.out)["mentions"]
    r = run("extract", "fixtures/articles/simonyan.md")
    assert "mentions in fixtures/articles/simonyan.md" in r.err and "mentions in" not in r.out
    base = tmp_path / "b.json"
    r = run("check", "fixtures/election", "--format", "sarif", "--write-baseline", base)
    assert "wrote baseline" in r.err and "wrote baseline" not in r.out
    json.loads(r.out)
    r = run("check", "fixtures/election", "--format", "junit", "--baseline", base)
    assert "known conflicts (not failing)" in r.err and "not failing" not in r.out
    ET.fromstring(r.out)
