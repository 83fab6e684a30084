"""Hostile family: error context.  Where a problem shows the line it is on, it shows that line
only (cut at any line break) and at most CONTEXT_WIDTH characters of it around the column,
in every format that shows lines (text, junit, sarif, html, extract): a long line, a file of
one line, or a file whose lines end in CR never pours out whole."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from files_testkit import CONSISTENT, SECRET
from hostile_testkit import hostile, write

from tallycheck.diagnostics import CONTEXT_WIDTH

LONG = 20_000


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "a.tally", CONSISTENT)
    # the problems: at the end of a 20,000-character line, and at the start of one
    write(tmp_path, "late.tally", 'source mod\n  x = 5 "' + "q" * LONG + '" @@@\n')
    write(tmp_path, "early.csv", "source,quantity,value,quote\nmod,x,zzz,\"" + "q" * LONG + '"\n')
    return tmp_path


def _assert_cut(text: str) -> None:
    """The long line (of q's) is shown, and no more than CONTEXT_WIDTH characters of it."""
    runs = re.findall("q+", text)
    assert runs, "the context is shown"
    assert max(map(len, runs)) <= CONTEXT_WIDTH, "a whole long line is shown"


def test_text_shows_the_part_of_a_long_line_around_the_column(folder):
    r = hostile(folder, ["check", "late.tally"], code=2, message="late.tally:2:20012: error: unexpected character '@'")
    _assert_cut(r.out)
    shown, caret = r.out.split("\n")[5:7]
    assert shown.endswith('qqq" @@@') and caret.rstrip().endswith("^") and len(caret.rstrip()) == len(shown) - 2


def test_text_shows_the_start_of_a_long_line_for_a_problem_at_its_start(folder):
    r = hostile(folder, ["check", "early.csv"], code=2, message="early.csv:2:7: error: cannot read 'zzz'")
    _assert_cut(r.out)
    assert "mod,x,zzz,\"qqq" in r.out


@pytest.mark.parametrize("path", ["late.tally", "early.csv"])
def test_junit_cuts_the_context(folder, path):
    r = hostile(folder, ["check", path, "--format", "junit"], code=2)
    _assert_cut(r.out)


@pytest.mark.parametrize("path", ["late.tally", "early.csv"])
def test_html_cuts_the_context(folder, path):
    r = hostile(folder, ["check", path, "--format", "html"], code=2)
    _assert_cut(r.out)
    (line,) = re.findall(r'<pre class="line">(.*?)</pre>', r.out)
    assert len(html.unescape(line)) == CONTEXT_WIDTH + 1  # and a "…" where the line goes on


# the context ends with the line (20,014 characters) for a problem near its end
@pytest.mark.parametrize("path, column", [("late.tally", 20_014 - CONTEXT_WIDTH + 1), ("early.csv", 1)])
def test_sarif_cuts_the_context_region_and_says_where_it_starts(folder, path, column):
    r = hostile(folder, ["check", path, "--format", "sarif"], code=2)
    _assert_cut(r.out)
    (result,) = json.loads(r.out)["runs"][0]["results"]
    context = result["locations"][0]["physicalLocation"]["contextRegion"]
    assert len(context["snippet"]["text"]) == CONTEXT_WIDTH
    assert context["startColumn"] == column and context["endColumn"] == column + CONTEXT_WIDTH


def test_an_undecodable_byte_on_a_long_line(folder):
    write(folder, "bytes.tally", b"source mod\n  x = 5 \"" + b"q" * LONG + b"\xff\"\n")
    r = hostile(folder, ["check", "bytes.tally"], code=2, message="bytes.tally:2:20010: error: not valid UTF-8")
    _assert_cut(r.out)


def test_extract_cuts_the_context(folder):
    write(folder, "article.txt", b"It said " + b"q" * LONG + b" \xfe 5 people.\n")
    r = hostile(folder, ["extract", "article.txt"], code=2, message="article.txt:1:20010: error: not valid UTF-8")
    _assert_cut(r.err)


def test_a_config_file_whose_lines_end_in_cr_shows_one_line(folder):
    lines = [f"# note {i} " + "q" * 50 for i in range(200)] + ["approximate = 5%"]
    write(folder, "options.toml", "\r".join(lines) + "\r")
    r = hostile(folder, ["check", "a.tally", "--config", "options.toml"], code=2, message="not valid TOML")
    # CR ends a line as a line feed does: the problem is on the last line, shown alone
    assert "options.toml:201:" in r.out and "approximate = 5%" in r.out and "# note" not in r.out


def test_a_baseline_on_one_line_shows_the_part_around_the_problem(folder):
    entries = ",".join(f'{{"fingerprint": "{i:020d}", "note": "{"q" * 300}"}}' for i in range(100))
    write(folder, "base.json", '{"tallycheck_baseline": 1, "conflicts": [' + entries + ", oops]}")
    r = hostile(folder, ["check", "a.tally", "--baseline", "base.json"], code=2,
                message="error: the baseline is not valid JSON: Expecting value")
    _assert_cut(r.out)
    assert "oops" in r.out


def test_a_baseline_whose_lines_end_in_cr_shows_one_line(folder):
    body = "".join(f'  "k{i}": "{"q" * 50}",\r' for i in range(100))
    write(folder, "base.json", "{\r" + body + "  \"oops\": ,\r}\r")
    r = hostile(folder, ["check", "a.tally", "--baseline", "base.json"], code=2,
                message="error: the baseline is not valid JSON: Expecting value")
    assert '"oops": ,' in r.out and '"k99"' not in r.out


def test_the_environment_named_as_an_input_is_not_shown_whole(folder, monkeypatch):
    """Named on the command line, /proc/self/environ is read (the user asked for it), but an
    error in it shows at most CONTEXT_WIDTH characters: never the whole environment."""
    monkeypatch.setenv("TALLYCHECK_HOSTILE_FILLER", "f" * 500)  # the secret comes after
    monkeypatch.setenv("TALLYCHECK_HOSTILE_SECRET", SECRET)
    for fmt in ("text", "junit", "sarif", "html"):
        r = hostile(folder, ["check", "/proc/self/environ", "--format", fmt], code=2, timeout=20)
        assert SECRET not in r.out + r.err, fmt
