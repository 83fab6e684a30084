"""Hostile family: outputs and links.  tallycheck never writes a file it reads (the same file
by device and inode: through links, hard links, ``..``, a folder search), refused with exit 2
before anything is read; every file it writes is written whole or not at all."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from files_testkit import CONSISTENT, CONTRADICTION, Watch, file_size_limit, many_claims
from hostile_testkit import hostile, write

from tallycheck.formats import FORMATS

NEVER = "tallycheck never writes a file it reads"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A folder with claims (a contradiction), a baseline, a config file and a project file."""
    folder = tmp_path / "in"
    write(folder, "a.tally", CONTRADICTION)
    write(folder, "d/b.tally", CONSISTENT)
    write(folder, "d/article.md", "---\nsource: paper\n---\nIt said 7{z} people.\n")
    write(folder, "base.json", '{"tallycheck_baseline": 1, "conflicts": []}\n')
    write(folder, "options.toml", 'approximate = "5%"\n')
    write(folder, "pyproject.toml", '[tool.tallycheck]\napproximate = "10%"\n')
    (folder / ".git").mkdir()  # the project file is looked for up to here
    return folder


@pytest.mark.parametrize("argv, what", [
    (["check", "a.tally", "--output", "a.tally"], "--output a.tally is the input a.tally"),
    (["check", "a.tally", "--output", "./a.tally"], "is the input a.tally"),
    (["check", "d/b.tally", "--output", "d/../d/b.tally"], "is the input d/b.tally"),
    (["check", "d", "--output", "d/b.tally"], "is the input d/b.tally"),
    (["check", "d", "--output", "d/article.md"], "is the input d/article.md"),
    (["check", "a.tally", "d", "--format", "json", "--output", "d/b.tally"], "is the input d/b.tally"),
    (["check", ".", "--format", "json", "--jobs", "2", "--output", "a.tally"], "is the input a.tally"),
    (["check", "a.tally", "--write-baseline", "a.tally"], "--write-baseline a.tally is the input a.tally"),
    (["check", "d", "--write-baseline", "d/b.tally"], "is the input d/b.tally"),
    (["check", "a.tally", "--baseline", "base.json", "--output", "base.json"],
     "--output base.json is the baseline base.json"),
    (["check", "a.tally", "--baseline", "base.json", "--format", "json", "--output", "./d/../base.json"],
     "is the baseline base.json"),
    (["check", "a.tally", "--config", "options.toml", "--output", "options.toml"],
     "--output options.toml is the config file options.toml"),
    (["check", "a.tally", "--config", "options.toml", "--write-baseline", "options.toml"],
     "is the config file options.toml"),
    (["check", "a.tally", "--output", "pyproject.toml"], "is the project file"),
    (["check", "a.tally", "--format", "sarif", "--output", "pyproject.toml"], "is the project file"),
    (["check", "a.tally", "--output", "report.json", "--write-baseline", "report.json"],
     "--write-baseline report.json is the file of --output too"),
    (["check", "a.tally", "--output", "out.json", "--write-baseline", "./out.json"], "is the file of --output too"),
])
def test_a_file_it_reads_is_never_written(story, argv, what):
    r = hostile(story, argv, code=2, message=what)
    assert NEVER in r.err or "give each its own file" in r.err, r
    assert r.out == "", "refused before anything is read or written"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_input_as_output_is_refused_in_every_format(story, fmt):
    hostile(story, ["check", "a.tally", "--format", fmt, "--output", "a.tally"], code=2, message=NEVER)


def test_a_link_to_an_input_is_the_input(story):
    os.symlink("a.tally", story / "link.tally")
    hostile(story, ["check", "a.tally", "--output", "link.tally"], code=2, message="is the input a.tally")
    hostile(story, ["check", "link.tally", "--output", "a.tally"], code=2, message="is the input link.tally")


def test_a_link_to_a_folder_of_inputs_reaches_the_inputs(story):
    os.symlink("d", story / "alias")
    hostile(story, ["check", "d", "--output", "alias/b.tally"], code=2, message="is the input d/b.tally")
    hostile(story, ["check", "alias", "--write-baseline", "d/b.tally"], code=2, message="is the input alias/b.tally")


def test_a_hard_link_to_an_input_is_the_input(story):
    os.link(story / "a.tally", story / "hard.tally")
    hostile(story, ["check", "a.tally", "--output", "hard.tally"], code=2, message="is the input a.tally")
    hostile(story, ["check", "d", "a.tally", "--format", "junit", "--output", "hard.tally"], code=2,
            message="is the input a.tally")


def test_a_hard_link_to_the_baseline_is_the_baseline(story):
    os.link(story / "base.json", story / "copy.json")
    hostile(story, ["check", "a.tally", "--baseline", "base.json", "--output", "copy.json"], code=2,
            message="is the baseline base.json")


def test_an_input_reached_from_another_folder_is_the_input(story, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    hostile(story, ["check", "../in/a.tally", "--output", str(story / "a.tally")], code=2, cwd=elsewhere,
            message="is the input ../in/a.tally")


def test_a_file_named_twice_or_by_a_link_is_read_once(story):
    os.link(story / "d" / "b.tally", story / "same.tally")
    os.symlink("d/b.tally", story / "link.tally")
    r = hostile(story, ["check", "d/b.tally", "./d/b.tally", "same.tally", "link.tally", "--format", "json"],
                code=0)
    assert json.loads(r.out)["summary"]["files"] == 1, r


# --- written whole or not at all ------------------------------------------------------------

def _outputs(tmp_path: Path, old: str = '{"old": "report"}\n') -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text(old, encoding="utf-8")
    return out / "report.json"


def test_a_run_that_fails_while_writing_leaves_the_old_report(story, tmp_path):
    report = _outputs(tmp_path)
    with file_size_limit(300):  # the report is bigger: writing it fails half-way (a full disk)
        hostile(story, ["check", "a.tally", "d", "--format", "json", "--output", report], code=2,
                message="cannot write")
    assert report.read_text(encoding="utf-8") == '{"old": "report"}\n'
    assert os.listdir(report.parent) == ["report.json"], "the temporary file is removed"


def test_a_baseline_that_cannot_be_written_whole_leaves_the_old_one(story, tmp_path):
    base = tmp_path / "out"
    base.mkdir()
    old = '{"tallycheck_baseline": 1, "conflicts": []}\n'
    (base / "b.json").write_text(old, encoding="utf-8")
    with file_size_limit(100):
        hostile(story, ["check", "a.tally", "--write-baseline", base / "b.json"], code=2,
                message="cannot write the baseline")
    assert (base / "b.json").read_text(encoding="utf-8") == old
    assert os.listdir(base) == ["b.json"]


def test_a_reader_sees_the_old_report_or_the_new_one_never_a_part(story, tmp_path):
    write(story, "many.tally", many_claims(1500))
    report = _outputs(tmp_path)
    with Watch(report) as watch:
        hostile(story, ["check", "many.tally", "--format", "json", "--output", report], code=0)
    assert not watch.torn, f"a reader saw part of a report: {watch.torn[:3]}"
    assert json.loads(report.read_text(encoding="utf-8"))["verdict"] == "consistent"


def test_a_kill_during_the_write_leaves_the_old_report(story, tmp_path):
    write(story, "many.tally", many_claims(4000))
    report = _outputs(tmp_path)
    with Watch(report, kill=True) as watch:
        hostile(story, ["check", "many.tally", "--format", "json", "-j", "1", "--output", report], code=-9)
    assert watch.killed
    assert report.read_text(encoding="utf-8") == '{"old": "report"}\n'


def test_two_runs_on_one_output_never_leave_invalid_json(story, tmp_path):
    write(story, "many.tally", many_claims(1500))
    report = _outputs(tmp_path)
    runs = [threading.Thread(target=hostile, args=(story, ["check", "many.tally", "--format", fmt, "--output",
                                                           report]), kwargs={"code": 0})
            for fmt in ("json", "sarif")]
    with Watch(report) as watch:
        for run in runs:
            run.start()
        for run in runs:
            run.join()
    assert not watch.torn, f"a reader saw part of a report: {watch.torn[:3]}"
    json.loads(report.read_text(encoding="utf-8"))
