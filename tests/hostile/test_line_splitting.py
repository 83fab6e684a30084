"""Hostile family: line splitting.  A line ends at `\\n`, `\\r\\n` or a lone `\\r` and nowhere else
(tallycheck.read.lines), in every reader and in every location: U+2028, U+0085, a form feed
or a vertical tab inside a line is a character of that line (issue 12, item 6).
"""

from __future__ import annotations

import json

import pytest
from hostile_testkit import hostile, write

from tallycheck.read.lines import split_lines

STORY = ["source a", "  x = 5", "source b", "  x = 6", "  y = 5 $"]  # line 5: an error; lines 2 and 4 conflict


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_claims_file_reads_the_same_whatever_its_line_ends(tmp_path, end):
    write(tmp_path, "a.tally", end.join(STORY) + end)
    r = hostile(tmp_path, ["check", "a.tally", "--format", "json"], code=2)
    report = json.loads(r.out)
    assert [(e["line"], e["column"]) for e in report["errors"]] == [(5, 9)], r
    assert "\\r" not in r.out


def test_lines_mixing_every_end_are_counted_alike(tmp_path):
    write(tmp_path, "a.tally", "source a\r\n  x = 5\r  y = 1\n  z = 5 $\r\n")
    hostile(tmp_path, ["check", "a.tally"], code=2, message="a.tally:4:9: error:")


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e"])
def test_characters_str_splitlines_cuts_at_do_not_end_a_line(tmp_path, char):
    assert len(split_lines(f"a{char}b")) == 1
    # inside a quote they are the quote's; the lines after keep their numbers
    write(tmp_path, "a.tally", f'source a\n  x = 5 "five{char}here"\n  y = 5 $\n')
    r = hostile(tmp_path, ["check", "a.tally", "--format", "json"], code=2)
    assert [(e["line"], e["column"]) for e in json.loads(r.out)["errors"]] == [(3, 9)], r


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_a_csv_with_any_line_ends_is_read_row_by_row(tmp_path, end):
    write(tmp_path, "d.csv", end.join(["source,quantity,value", "a,x,5", "b,x,6", "c,y,oops"]) + end)
    r = hostile(tmp_path, ["check", "d.csv", "--format", "json"], code=2)
    report = json.loads(r.out)
    assert [(e["line"], e["column"]) for e in report["errors"]] == [(4, 5)], r
    assert len(report["conflicts"]) == 1 and "named twice" not in r.out


def test_a_quoted_csv_cell_over_cr_only_lines_is_one_cell(tmp_path):
    write(tmp_path, "d.csv", 'source,quantity,value,quote\r"a",x,5,"line one\rline two"\rb,x,5,\r')
    r = hostile(tmp_path, ["check", "d.csv", "--format", "json"], code=0)
    assert json.loads(r.out)["summary"]["claims"] == 2


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_a_jsonl_with_any_line_ends_is_read_row_by_row(tmp_path, end):
    rows = ['{"source": "a", "quantity": "x", "value": 5}', '{"source": "b", "quantity": "x", "value": 6}']
    write(tmp_path, "d.jsonl", end.join(rows) + end)
    hostile(tmp_path, ["check", "d.jsonl"], code=1, message="CONTRADICTION")


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_an_article_with_any_line_ends_is_read_line_by_line(tmp_path, end):
    write(tmp_path, "a.md", end.join(["---", "source: a", "---", "", "About 5{x} came.", "Then 7{x} more."]) + end)
    r = hostile(tmp_path, ["check", "a.md", "--format", "json"], code=1)
    claims = [c for conflict in json.loads(r.out)["conflicts"] for c in conflict["claims"]]
    assert sorted((c["line"], c["column"]) for c in claims) == [(5, 9), (6, 8)], r  # each tag's quantity


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_a_config_file_with_any_line_ends_is_located_right(tmp_path, end):
    write(tmp_path, "c.cfg", end.join(["[tallycheck]", "approximate = 5%", "max_nodes = lots"]) + end)
    write(tmp_path, "a.tally", "source a\n  x = 5\n")
    hostile(tmp_path, ["check", "a.tally", "--config", "c.cfg"], code=2, message="c.cfg:3:1: error: max_nodes")


def test_a_baseline_with_cr_line_ends_is_located_right(tmp_path):
    write(tmp_path, "b.json", '{\r"tallycheck_baseline": 1,\r"conflicts": [}\r')
    write(tmp_path, "a.tally", "source a\n  x = 5\n")
    hostile(tmp_path, ["check", "a.tally", "--baseline", "b.json"], code=2, message="b.json:3:15: error:")
