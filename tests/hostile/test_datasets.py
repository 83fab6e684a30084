"""Hostile family: datasets, baselines and config files.  JSON nested past any stack, lone
surrogates, rows of the wrong type, numbers of thousands of digits: each a located error,
and one bad row never hides the others' (issue 12, item 6).
"""

from __future__ import annotations

import json

import pytest
from hostile_testkit import hostile, write

ROW = '{"source": "a", "quantity": "x", "value": 5}'
FORMATS = ["text", "json", "sarif", "junit", "github", "markdown", "html"]


@pytest.mark.parametrize("line, where, message", [
    ('{"source": "a", "quantity": "x", "value": ' + "[" * 100_000 + "]" * 100_000 + "}", "1:43",
     "the value of 'value' is a list: give a string or a number"),
    ('{"source": "a", "quantity": "x", "value": ' + '{"a":' * 50_000 + "1" + "}" * 50_001, "1:43",
     "the value of 'value' is an object"),
    ("[" * 100_000 + "]" * 100_000, "1:1", "not a JSON object: lists or objects nested too deeply"),
    ('{"source": "a", "x": 1} ' + "[" * 100_000, "1:24", "unexpected text after the JSON object"),
])
def test_json_nested_past_any_stack_is_a_located_error(tmp_path, line, where, message):
    write(tmp_path, "d.jsonl", line + "\n" + ROW + "\n")
    hostile(tmp_path, ["check", "d.jsonl"], code=2, message=f"d.jsonl:{where}: error: {message}")


@pytest.mark.parametrize("row, where, escape", [
    ('{"source": "a", "quantity": "x", "value": 5, "quote": "\\ud800"}', "1:56", "\\ud800"),
    ('{"source": "a", "quantity": "x", "value": 5, "quote": "ok \\ud83d\\ude00 then \\udfff"}', "1:77",
     "\\udfff"),
    ('{"source": "a\\udc00", "quantity": "x", "value": 5}', "1:14", "\\udc00"),
    ('{"quote\\ud800": "q", "source": "a", "quantity": "x", "value": 5}', "1:8", "\\ud800"),
    ('{"source": "a", "claim": "x = 5 \\"\\ud800\\"", "quote": "q"}', "1:35", "\\ud800"),
])
def test_a_lone_surrogate_is_refused_where_it_is_read(tmp_path, row, where, escape):
    write(tmp_path, "d.jsonl", row + "\n" + '{"source": "b", "quantity": "x", "value": 6, "quote": "six"}\n')
    hostile(tmp_path, ["check", "d.jsonl"], code=2,
            message=f"d.jsonl:{where}: error: {escape} is half of a surrogate pair, not a character")


def test_no_format_is_given_a_lone_surrogate_to_write(tmp_path):
    # it was in the quote of a conflict: every format but JUnit failed to write it
    write(tmp_path, "d.jsonl", '{"source": "a", "quantity": "x", "value": 5, "quote": "\\ud800"}\n'
                               '{"source": "b", "quantity": "x", "value": 6, "quote": "six"}\n')
    for fmt in FORMATS:
        hostile(tmp_path, ["check", "d.jsonl", "--format", fmt], code=2)


def test_a_surrogate_pair_is_one_character(tmp_path):
    write(tmp_path, "d.jsonl", '{"source": "a", "quantity": "x", "value": 5, "quote": "\\ud83d\\ude00"}\n'
                               '{"source": "b", "quantity": "x", "value": 6, "quote": "six"}\n')
    for fmt in FORMATS:
        hostile(tmp_path, ["check", "d.jsonl", "--format", fmt], code=1)


def test_a_row_of_the_wrong_type_does_not_hide_the_other_rows_errors(tmp_path):
    write(tmp_path, "d.jsonl", "\n".join([
        "[1, 2]",
        '{"source": "a", "quantity": "x"}',
        '"just a string"',
        '{"source": "a", "quantity": "x", "value": "lots"}',
        '{"source": "a", "quantity": "y", "value": 5, "date": "2024-02-30"}',
        ROW,
    ]) + "\n")
    r = hostile(tmp_path, ["check", "d.jsonl", "--format", "json"], code=2)
    lines = [e["line"] for e in json.loads(r.out)["errors"]]
    assert lines == [1, 2, 3, 4, 5], r


def test_a_file_of_rows_of_the_wrong_type_says_so_once_per_row(tmp_path):
    write(tmp_path, "d.jsonl", "1\nnull\ntrue\n")
    r = hostile(tmp_path, ["check", "d.jsonl", "--format", "json"], code=2)
    errors = json.loads(r.out)["errors"]
    assert [e["line"] for e in errors] == [1, 2, 3], r
    assert all("one JSON object" in e["message"] for e in errors), r


@pytest.mark.parametrize("name, text, message", [
    ("b.json", '{"tallycheck_baseline": 1, "conflicts": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "b.json:1:1: error: not a tallycheck baseline: lists or objects nested too deeply"),
    ("b.json", '{"tallycheck_baseline": ' + "1" * 5000 + ', "conflicts": []}',
     "b.json:1:1: error: not a tallycheck baseline: a number too long to read"),
    ("b.json", '{"tallycheck_baseline": 1, "conflicts": [{"fingerprint": "\\ud800"}]}', None),
])
def test_a_hostile_baseline_is_a_located_error_or_harmless(tmp_path, name, text, message):
    write(tmp_path, "a.tally", "source a\n  x = 5\nsource b\n  x = 6\n")
    write(tmp_path, name, text)
    hostile(tmp_path, ["check", "a.tally", "--baseline", name], code=2 if message else 1, message=message)


@pytest.mark.parametrize("name, text, message", [
    ("c.toml", "max_nodes = " + "[" * 100_000 + "]" * 100_000 + "\n", "arrays or tables nested too deeply"),
    ("c.toml", "a = " + "{b = " * 5000 + "1" + "}" * 5000 + "\n", "arrays or tables nested too deeply"),
    ("c.toml", "max_nodes = " + "1" * 5000 + "\n", "a number too long to read"),
    ("c.cfg", "[tallycheck]\nmax_nodes = " + "1" * 5000 + "\n", "max_nodes takes a whole number"),
    ("c.toml", 'source_column = "\\ud800"\n', "not valid TOML"),
])
def test_a_hostile_config_file_is_a_located_error(tmp_path, name, text, message):
    write(tmp_path, "a.tally", "source a\n  x = 5\n")
    write(tmp_path, name, text)
    hostile(tmp_path, ["check", "a.tally", "--config", name], code=2, message=message)


def test_a_csv_cell_never_closed_on_a_long_line_answers_within_seconds(tmp_path):
    write(tmp_path, "d.csv", 'source,quantity,value,quote\na,x,5,"' + "a" * 5_000_000 + "\n")
    hostile(tmp_path, ["check", "d.csv"], code=2, message="d.csv:2:7: error: this quoted cell is never closed",
            timeout=20)
