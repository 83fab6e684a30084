"""Hostile family: size limits.  No reader reads more than ``max_file_size`` bytes (default
256MB; an option): a bigger input, config file, baseline or extracted text is refused within
seconds, in little memory, whatever size the file claims.

The huge files are sparse (no room on disk) and kept in ``big/``, beside the folder the kit
compares before and after each run (reading them there would take the kit longer than
tallycheck takes to refuse them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from files_testkit import CONSISTENT, sparse
from hostile_testkit import hostile, write

FAST = 20
GB = 1 << 30
TOO_BIG = "larger than the limit of 256MB (the option max_file_size; raise it with --set max_file_size=…)"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "in/a.tally", CONSISTENT)
    (tmp_path / "big").mkdir()
    return tmp_path / "in"


@pytest.mark.parametrize("name", ["huge.tally", "huge.csv", "huge.jsonl", "huge.txt", "huge"])
def test_a_huge_input_is_refused_at_once(folder, name):
    sparse(folder.parent, f"big/{name}", GB)
    hostile(folder, ["check", "a.tally", f"../big/{name}"], code=2,
            message=f"../big/{name}: error: cannot read: {TOO_BIG}", timeout=FAST)


def test_a_huge_input_in_a_searched_folder_is_refused(folder):
    sparse(folder.parent, "big/data/huge.csv", 4 * GB)
    hostile(folder, ["check", "a.tally", "../big"], code=2, message=f"../big/data/huge.csv: error: cannot read: "
            f"{TOO_BIG}", timeout=FAST)


def test_a_huge_article_in_a_searched_folder_is_refused(folder):
    path = write(folder.parent, "big/story.md", "---\nsource: paper\n---\n")
    with open(path, "r+b") as fh:
        fh.truncate(GB)
    hostile(folder, ["check", "a.tally", "../big"], code=2, message=f"../big/story.md: error: cannot read: "
            f"{TOO_BIG}", timeout=FAST)


def test_a_huge_config_file_is_refused(folder):
    sparse(folder.parent, "big/options.toml", GB)
    hostile(folder, ["check", "a.tally", "--config", "../big/options.toml"], code=2,
            message=f"../big/options.toml: error: cannot read the config file: {TOO_BIG}", timeout=FAST)


def test_a_huge_project_file_is_not_read(folder):
    (folder / ".git").mkdir()
    sparse(folder, "pyproject.toml", 0)
    with open(folder / "pyproject.toml", "r+b") as fh:
        fh.write(b"[tool.tallycheck]\napproximate = '5%'\n")
        fh.truncate(GB)
    try:
        hostile(folder.parent / "big", ["check", "a.tally"], code=0, cwd=folder, timeout=FAST)
    finally:
        os.unlink(folder / "pyproject.toml")


def test_a_huge_baseline_is_refused(folder):
    sparse(folder.parent, "big/base.json", GB)
    hostile(folder, ["check", "a.tally", "--baseline", "../big/base.json"], code=2,
            message=f"../big/base.json: error: cannot read the baseline: {TOO_BIG}", timeout=FAST)


def test_extract_refuses_a_huge_text(folder):
    sparse(folder.parent, "big/article.txt", GB)
    hostile(folder, ["extract", "../big/article.txt"], code=2,
            message=f"../big/article.txt: error: cannot read: {TOO_BIG}", timeout=FAST)


def test_the_limit_is_an_option(folder):
    write(folder, "b.tally", "source other\n" + "  # a comment\n" * 100)
    hostile(folder, ["check", "a.tally", "b.tally", "--set", "max_file_size=1KB"], code=2,
            message="b.tally: error: cannot read: larger than the limit of 1KB", timeout=FAST)


def test_a_file_as_big_as_the_limit_is_read(folder):
    size = len(CONSISTENT.encode())
    r = hostile(folder, ["check", "a.tally", "--set", f"max_file_size={size}"], code=0)
    assert "CONSISTENT" in r.out


def test_a_file_one_byte_over_the_limit_is_refused(folder):
    size = len(CONSISTENT.encode()) - 1
    hostile(folder, ["check", "a.tally", "--set", f"max_file_size={size}"], code=2,
            message=f"larger than the limit of {size}B")


def test_the_limit_from_the_project_file(folder):
    write(folder, "pyproject.toml", '[tool.tallycheck]\nmax_file_size = "10B"\n')
    hostile(folder, ["check", "a.tally"], code=2, message="a.tally: error: cannot read: larger than the limit of 10B")


def test_the_limit_as_a_toml_number(folder):
    write(folder, "limits.toml", "max_file_size = 12\n")
    hostile(folder, ["check", "a.tally", "--config", "limits.toml"], code=2, message="larger than the limit of 12B")


def test_the_limit_applies_to_the_baseline(folder):
    write(folder, "base.json", '{"tallycheck_baseline": 1, "conflicts": []}\n')
    hostile(folder, ["check", "a.tally", "--baseline", "base.json", "--set", "max_file_size=40"], code=2,
            message="base.json: error: cannot read the baseline: larger than the limit of 40B")


def test_the_limit_applies_to_extract(folder):
    write(folder, "article.txt", "It said 5 people. " * 10)
    hostile(folder, ["extract", "article.txt", "--set", "max_file_size=100"], code=2,
            message="article.txt: error: cannot read: larger than the limit of 100B")


@pytest.mark.parametrize("value", ["0", "-5", "1.5MB", "12XB", "²", "lots", "99999999999999999"])
def test_a_limit_that_is_not_a_size_is_refused(folder, value):
    hostile(folder, ["check", "a.tally", "--set", f"max_file_size={value}"], code=2,
            message="max_file_size takes a size such as 256MB, 64KB or a number of bytes")
