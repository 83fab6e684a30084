"""Files read and written the one way (tallycheck.files): what a user sees when nothing is
hostile.  The hostile cases are in tests/hostile/ (test_outputs.py, test_folder_search.py,
test_special_files.py, test_size_limits.py, test_error_context.py)."""

import json
import os

import pytest
from inputs_testkit import no_traceback, write

from tallycheck.diagnostics import CONTEXT_WIDTH, Diagnostic, Location
from tallycheck.files import NotReadable, parse_size, read_bytes, size_text, write_file

CLAIMS = "source mod\n  x = 5\n"


def test_a_report_keeps_its_permissions_and_a_link_to_it_stays_a_link(run, tmp_path):
    write(tmp_path, "a.tally", CLAIMS)
    report = write(tmp_path, "out/report.json", "{}")
    report.chmod(0o640)
    os.symlink("report.json", tmp_path / "out" / "latest.json")
    r = run("check", tmp_path / "a.tally", "--format", "json", "--output", tmp_path / "out" / "latest.json")
    assert r.code == 0, r
    assert (report.stat().st_mode & 0o777) == 0o640
    assert (tmp_path / "out" / "latest.json").is_symlink()
    assert json.loads(report.read_text(encoding="utf-8"))["verdict"] == "consistent"
    assert sorted(os.listdir(tmp_path / "out")) == ["latest.json", "report.json"], "no temporary file left"


def test_a_report_in_the_searched_folder_that_is_not_an_input_is_written(run, tmp_path):
    """`tallycheck check --format markdown --output report.md` run twice in one folder: a
    report has no front matter, so it is not an article, and may be written again."""
    write(tmp_path, "a.tally", CLAIMS)
    for _ in range(2):
        r = run("check", "--format", "markdown", "--output", "report.md", cwd=tmp_path)
        assert r.code == 0, r
    assert "CONSISTENT" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_a_device_output_is_written_as_it_is(run, tmp_path):
    write(tmp_path, "a.tally", CLAIMS)
    r = run("check", tmp_path / "a.tally", "--output", os.devnull)
    assert r.code == 0, r
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)


def test_an_output_in_a_missing_folder_is_a_plain_error(run, tmp_path):
    write(tmp_path, "a.tally", CLAIMS)
    r = run("check", tmp_path / "a.tally", "--output", tmp_path / "nowhere" / "r.json")
    no_traceback(r)
    assert r.code == 2 and "cannot write" in r.err and "No such file or directory" in r.err, r


def test_write_file_leaves_the_old_file_when_writing_fails(tmp_path):
    target = write(tmp_path, "r.txt", "old")

    def fail(fh):
        fh.write("half")
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError):
        write_file(str(target), fail)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["r.txt"]
    write_file(str(target), lambda fh: fh.write("new"))
    assert target.read_text() == "new"


def test_read_bytes_reads_regular_files_up_to_the_limit(tmp_path):
    f = write(tmp_path, "a.tally", "x" * 100)
    assert read_bytes(str(f), 100) == b"x" * 100
    with pytest.raises(NotReadable, match="larger than the limit of 99B"):
        read_bytes(str(f), 99)
    with pytest.raises(NotReadable, match="a folder"):
        read_bytes(str(tmp_path), 100)
    with pytest.raises(NotReadable, match="No such file"):
        read_bytes(str(tmp_path / "missing"), 100)


@pytest.mark.parametrize("text, size", [("256MB", 256 << 20), ("64KB", 64 << 10), ("1000", 1000), ("2 GB", 2 << 30),
                                        ("5mib", 5 << 20), ("12k", 12 << 10)])
def test_sizes_are_read_and_written_back(text, size):
    assert parse_size(text) == size
    assert parse_size(size_text(size)) == size


@pytest.mark.parametrize("text", ["", "-5", "1.5MB", "²", "12XB", "MB", "1" * 16])
def test_what_is_not_a_size(text):
    assert parse_size(text) is None


def test_a_short_line_is_shown_whole_with_its_caret():
    d = Diagnostic(Location("f.tally", 2, 5, 8), "bad", "syntax", "  x = 5 @@\n")
    assert d.render() == "f.tally:2:5: error: bad\n      x = 5 @@\n        ^^^"


def test_a_long_line_is_shown_around_its_column():
    line = "a" * 5000 + "@@@" + "b" * 5000
    d = Diagnostic(Location("f.tally", 1, 5001, 5004), "bad", "syntax", line)
    shown, caret = d.render().split("\n")[1:]
    assert len(shown.strip()) <= CONTEXT_WIDTH + 2 and shown.strip().startswith("…") and shown.endswith("…")
    assert shown[caret.index("^"):caret.index("^") + 3] == "@@@" and caret.count("^") == 3


def test_the_context_stops_at_the_line_breaks_around_the_column():
    d = Diagnostic(Location("f.toml", 1, 9), "bad", "config", "first\rsecond\nthird")
    context = d.context()
    assert context.text == "second" and context.column == 7 and context.caret == 2


def test_a_line_separator_is_part_of_the_line_shown_not_a_break():
    """tallycheck splits lines on line feeds and carriage returns only: a U+2028 inside a line
    is shown (escaped by the formats), not taken for the end of the line."""
    d = Diagnostic(Location("f.tally", 1, 9), "bad", "syntax", "first\u2028second")
    assert d.context().text == "first\u2028second"


def test_a_folder_named_through_a_link_is_searched_where_it_leads(run, tmp_path):
    write(tmp_path, "real/a.tally", "source a\n  y = 5\n")
    write(tmp_path, "real/sub/b.tally", "source b\n  y = 6\n")
    os.symlink("real", tmp_path / "alias")
    r = run("check", "alias", "--format", "json", cwd=tmp_path)
    assert r.code == 1 and r.json["summary"]["files"] == 2 and not r.json["warnings"], r


def test_a_link_to_a_folder_inside_is_not_followed_twice(run, tmp_path):
    write(tmp_path, "d/sub/a.tally", CLAIMS)
    os.symlink("sub", tmp_path / "d" / "again")
    r = run("check", "d", "--format", "json", cwd=tmp_path)
    assert r.code == 0 and r.json["summary"]["files"] == 1 and not r.json["warnings"], r


def test_the_report_and_the_baseline_may_both_go_to_dev_null(run, tmp_path):
    write(tmp_path, "a.tally", CLAIMS)
    r = run("check", tmp_path / "a.tally", "--output", os.devnull, "--write-baseline", os.devnull)
    assert r.code == 0 and "wrote baseline" in r.err, r
