"""Hostile family: special files.  Every reader (inputs, ``--config``, ``--baseline``,
``extract``) reads regular files only: a FIFO never blocks, a device is never read, a socket
is never opened; named on the command line each is refused (exit 2) within seconds, found
in a searched folder each is skipped with a warning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from files_testkit import CONSISTENT, CONTRADICTION, fifo, unix_socket
from hostile_testkit import hostile, write

FAST = 20  # seconds: a refusal is immediate; a blocked or runaway read fails the case


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "a.tally", CONSISTENT)
    fifo(tmp_path, "pipe")
    unix_socket(tmp_path, "sock")
    os.symlink("/dev/zero", tmp_path / "zero")
    return tmp_path


KINDS = [("pipe", "a FIFO"), ("sock", "a socket"), ("/dev/zero", "a character device"),
         ("zero", "a character device"), ("/dev/null", "a character device"), ("/dev/urandom", "a character device")]


@pytest.mark.parametrize("path, kind", KINDS)
def test_an_input_that_is_not_a_regular_file_is_refused(folder, path, kind):
    hostile(folder, ["check", "a.tally", path], code=2, message=f"{path}: error: not a regular file: {kind}",
            timeout=FAST)


@pytest.mark.parametrize("path, kind", KINDS)
def test_a_config_file_that_is_not_a_regular_file_is_refused(folder, path, kind):
    hostile(folder, ["check", "a.tally", "--config", path], code=2,
            message=f"{path}: error: cannot read the config file: not a regular file: {kind}", timeout=FAST)


@pytest.mark.parametrize("path, kind", KINDS)
def test_a_baseline_that_is_not_a_regular_file_is_refused(folder, path, kind):
    hostile(folder, ["check", "a.tally", "--baseline", path], code=2,
            message=f"{path}: error: cannot read the baseline: not a regular file: {kind}", timeout=FAST)


@pytest.mark.parametrize("path, kind", KINDS)
def test_extract_reads_regular_files_only(folder, path, kind):
    hostile(folder, ["extract", path], code=2, message=f"{path}: error: cannot read: not a regular file: {kind}",
            timeout=FAST)


@pytest.mark.parametrize("path, kind", KINDS[:3])
def test_extract_json_says_why(folder, path, kind):
    hostile(folder, ["extract", path, "--format", "json"], code=2, message=f'"message": "cannot read: not a regular '
            f'file: {kind}', timeout=FAST)


def test_a_fifo_named_like_an_input_is_refused(folder):
    fifo(folder, "claims.tally")
    hostile(folder, ["check", "claims.tally"], code=2, message="claims.tally: error: not a regular file: a FIFO",
            timeout=FAST)


def test_a_fifo_with_a_writer_is_refused_too(folder):
    """Even when something writes into the FIFO, it is not read."""
    fd = os.open(folder / "pipe", os.O_RDWR | os.O_NONBLOCK)  # a writer (and a reader) hold it open
    try:
        os.write(fd, b"source evil\n  x = 6\n")
        hostile(folder, ["check", "a.tally", "pipe"], code=2, message="not a regular file: a FIFO", timeout=FAST)
    finally:
        os.close(fd)


@pytest.mark.parametrize("name", ["claims.tally", "data.csv", "rows.jsonl", "story.md", "table.tsv"])
def test_a_fifo_in_a_searched_folder_is_skipped_with_a_warning(tmp_path, name):
    folder = tmp_path / "repo"
    write(folder, "a.tally", CONSISTENT)
    fifo(folder, f"sub/{name}")
    hostile(folder, ["check", "."], code=0,
            message=f"sub/{name}: warning: skipped: a FIFO (named pipe), not a regular file", timeout=FAST)


def test_a_socket_in_a_searched_folder_is_skipped_with_a_warning(tmp_path):
    folder = tmp_path / "repo"
    write(folder, "a.tally", CONTRADICTION)
    unix_socket(folder, "s.tally")
    hostile(folder, ["check", "."], code=1, message="s.tally: warning: skipped: a socket, not a regular file",
            timeout=FAST)


def test_a_link_inside_the_folder_to_a_fifo_inside_is_skipped(tmp_path):
    folder = tmp_path / "repo"
    write(folder, "a.tally", CONSISTENT)
    fifo(folder, "pipe")
    os.symlink("pipe", folder / "p.tally")
    hostile(folder, ["check", "."], code=0, message="p.tally: warning: skipped: a FIFO", timeout=FAST)
