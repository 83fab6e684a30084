"""Hostile family: folder search.  A search stays inside the folder it was given: links that
leave it are skipped with a warning (never read, never shown), a sub-folder it cannot read is
a warning, a file name that is not UTF-8 is shown escaped."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from files_testkit import CONSISTENT, CONTRADICTION, SECRET, without_root_powers
from hostile_testkit import hostile, write

from tallycheck.formats import FORMATS

OUTSIDE = "a link to a file outside the searched folder"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A searched folder ``repo/`` with one consistent claims file; ``outside/`` next to it
    holds a contradiction the search must not reach; the environment holds a secret."""
    monkeypatch.setenv("TALLYCHECK_HOSTILE_SECRET", SECRET)
    write(tmp_path, "outside/other.tally", CONTRADICTION)
    write(tmp_path, "outside/more/deep.tally", CONTRADICTION)
    folder = tmp_path / "repo"
    write(folder, "a.tally", CONSISTENT)
    return folder


def _json(r) -> dict:
    return json.loads(r.out)


def test_a_link_to_the_environment_is_skipped_and_never_shown(repo):
    os.symlink("/proc/self/environ", repo / "notes.tally")
    r = hostile(repo, ["check", "."], code=0, message=f"notes.tally: warning: skipped: {OUTSIDE}")
    assert SECRET not in r.out + r.err


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_environment_is_never_shown_in_any_format(repo, fmt):
    os.symlink("/proc/self/environ", repo / "notes.tally")
    os.symlink("/proc/self/environ", repo / "data.csv")
    r = hostile(repo, ["check", ".", "--format", fmt], code=0)
    assert SECRET not in r.out + r.err
    assert "PATH=" not in r.out + r.err


@pytest.mark.parametrize("target", ["/proc/self/environ", "/proc/self/cmdline", "/etc/passwd", "/dev/zero",
                                    "/dev/urandom", "/proc/self/mem"])
def test_a_link_out_of_the_folder_is_skipped_within_seconds(repo, target):
    os.symlink(target, repo / "x.tally")
    r = hostile(repo, ["check", ".", "--format", "json"], code=0, message=OUTSIDE, timeout=20)
    assert _json(r)["warnings"][0]["file"] == "x.tally"


def test_a_link_to_a_contradiction_outside_is_not_read(repo):
    os.symlink("../outside/other.tally", repo / "other.tally")
    r = hostile(repo, ["check", ".", "--format", "json"], code=0, message=OUTSIDE)
    assert _json(r)["verdict"] == "consistent"


def test_a_link_through_dotdot_that_comes_back_inside_is_read_once(repo):
    os.symlink(f"../{repo.name}/a.tally", repo / "again.tally")
    r = hostile(repo, ["check", ".", "--format", "json"], code=0)
    assert _json(r)["summary"]["files"] == 1 and not _json(r)["errors"]


def test_a_link_to_a_folder_outside_is_not_searched(repo):
    os.symlink("../outside", repo / "vendor")
    r = hostile(repo, ["check", ".", "--format", "json"], code=0,
                message="a link to a folder outside the searched folder")
    assert _json(r)["verdict"] == "consistent"


def test_a_link_to_the_root_is_not_searched(repo):
    os.symlink("/", repo / "root")
    hostile(repo, ["check", "."], code=0, message="root: warning: skipped: a link to a folder outside", timeout=20)


def test_a_link_in_a_sub_folder_that_leaves_is_skipped(repo):
    os.makedirs(repo / "sub" / "deeper")
    os.symlink("../../../outside/other.tally", repo / "sub" / "deeper" / "x.tally")
    hostile(repo, ["check", "."], code=0, message=f"sub/deeper/x.tally: warning: skipped: {OUTSIDE} ./")


def test_a_dataset_link_that_leaves_is_skipped(repo):
    write(repo.parent, "outside/rows.csv", "source,quantity,value\nmod,x,6\n")
    os.symlink("../outside/rows.csv", repo / "rows.csv")
    hostile(repo, ["check", "."], code=0, message=f"rows.csv: warning: skipped: {OUTSIDE}")


def test_an_article_link_that_leaves_is_skipped(repo):
    write(repo.parent, "outside/story.md", "---\nsource: paper\n---\nIt said 6{x} people.\n")
    os.symlink("../outside/story.md", repo / "story.md")
    hostile(repo, ["check", "."], code=0, message=f"story.md: warning: skipped: {OUTSIDE}")


def test_a_link_to_nothing_is_a_warning(repo):
    os.symlink("missing.tally", repo / "gone.tally")
    hostile(repo, ["check", "."], code=0, message="gone.tally: warning: skipped: a link to nothing")


def test_a_link_loop_is_a_warning(repo):
    os.symlink("loop.tally", repo / "loop.tally")
    hostile(repo, ["check", "."], code=0, message="loop.tally: warning: skipped: Too many levels of symbolic links")


def test_a_link_loop_named_on_the_command_line_is_an_error(repo):
    os.symlink("loop.tally", repo / "loop.tally")
    hostile(repo, ["check", "a.tally", "loop.tally"], code=2,
            message="loop.tally: error: cannot read: Too many levels of symbolic links")


def test_the_warning_is_in_the_json_report(repo):
    os.symlink("../outside/other.tally", repo / "other.tally")
    r = hostile(repo, ["check", ".", "--format", "json"], code=0)
    assert _json(r)["warnings"] == [{"file": "other.tally", "line": 0, "column": 1, "code": "skipped",
                                     "message": f"skipped: {OUTSIDE} ./ (name it on the command line to read it)"}]


def _unreadable(repo: Path) -> Path:
    sub = repo / "private"
    write(sub, "hidden.tally", CONTRADICTION)
    sub.chmod(0)
    return sub


def test_an_unreadable_sub_folder_is_a_warning(repo):
    sub = _unreadable(repo)
    try:
        without_root_powers(lambda: hostile(repo, ["check", "."], code=0,
                                            message="private: warning: folder not searched: cannot read it "
                                                    "(Permission denied)"))
    finally:
        sub.chmod(0o755)


def test_an_unreadable_sub_folder_is_in_the_json_warnings(repo):
    sub = _unreadable(repo)

    def case():
        r = hostile(repo, ["check", ".", "--format", "json"], code=0)
        assert [w["file"] for w in _json(r)["warnings"]] == ["private"], r

    try:
        without_root_powers(case)
    finally:
        sub.chmod(0o755)


NAME = "caf\udce9.tally"  # the byte 0xe9 (latin-1 é): not UTF-8
SHOWN = "caf\\xe9.tally"


@pytest.fixture(autouse=True)
def utf8_terminal(monkeypatch):
    """Output encoded as in a UTF-8 locale (CI runners): a name must be escaped to be shown."""
    monkeypatch.setenv("PYTHONIOENCODING", "utf-8:strict")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_that_is_not_utf8_is_shown_escaped(repo, fmt):
    write(repo, NAME, CONTRADICTION)
    as_written = {"json": json.dumps(SHOWN)[1:-1], "sarif": json.dumps(SHOWN)[1:-1]}
    hostile(repo, ["check", ".", "--format", fmt], code=1, message=as_written.get(fmt, SHOWN))


def test_an_error_in_a_file_whose_name_is_not_utf8_is_located(repo):
    write(repo, NAME, "source mod\n  x = = 5\n")
    hostile(repo, ["check", "."], code=2, message=f"{SHOWN}:2:")


def test_a_folder_name_that_is_not_utf8_is_shown_escaped(repo):
    write(repo, "d\udcff/x.tally", CONTRADICTION)
    r = hostile(repo, ["check", ".", "--format", "json"], code=1)
    assert {c["file"] for c in _json(r)["conflicts"][0]["claims"]} == {"d\\xff/x.tally"}


def test_a_file_name_that_is_not_utf8_named_on_the_command_line(repo):
    write(repo, NAME, CONTRADICTION)
    hostile(repo, ["check", NAME, "--format", "github"], code=1, message=f"file={SHOWN}")


def test_an_output_name_that_is_not_utf8_is_refused_plainly(repo):
    write(repo, NAME, CONSISTENT)
    hostile(repo, ["check", ".", "--output", NAME], code=2, message=f"--output {SHOWN} is the input {SHOWN}")


@pytest.mark.parametrize("option, message", [("--config", "not a valid config file"), ("--baseline", "not valid JSON")])
def test_a_config_or_baseline_whose_name_is_not_utf8_is_shown_escaped(repo, option, message):
    write(repo, "bad\udce9.txt", "approximate = \n")
    r = hostile(repo, ["check", "a.tally", option, "bad\udce9.txt"], code=2, message="bad\\xe9.txt:1:")
    assert message in r.out, r
