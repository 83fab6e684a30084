"""Hostile family: dates.  One rule everywhere (tallycheck.read.dates): a real calendar date
written YYYY-MM-DD, or a located error -- in a `.tally` file (source lines, `Q@DATE` in claims,
definitions and tags), a dataset claim cell, a dataset's date column and an article's front
matter alike (issue 12, item 6).
"""

from __future__ import annotations

import json

import pytest
from hostile_testkit import hostile, write

from tallycheck.read.dates import date_problem

IMPOSSIBLE = ["2024-13-45", "2024-02-30", "2023-02-29", "2024-00-10", "2024-04-31", "0000-01-01"]


@pytest.mark.parametrize("date", IMPOSSIBLE)
def test_an_impossible_date_in_a_claims_file_is_a_located_error(tmp_path, date):
    write(tmp_path, "a.tally", f"cumulative x\nsource a {date}\ndefine x@{date} >= 0\nsource b\n  x@{date} = 5\n"
                               f"  \"about 5{{x@{date}}} in all\"\n")
    r = hostile(tmp_path, ["check", "a.tally", "--format", "json"], code=2)
    where = {(e["line"], e["column"]) for e in json.loads(r.out)["errors"] if date in e["message"]}
    assert where == {(2, 10), (3, 10), (5, 5), (6, 14)}, r
    assert f"'{date}' is not a date" in r.out


def test_impossible_dates_make_no_false_never_decreases_contradiction(tmp_path):
    # 2024-02-30 read as written sorts before 2024-03-01: 5 then 4 "decreases"
    write(tmp_path, "a.tally", "cumulative x\nsource a\n  x@2024-02-30 = 5\n  x@2024-03-01 = 4\n")
    r = hostile(tmp_path, ["check", "a.tally"], code=2, message="a.tally:3:5: error: '2024-02-30' is not a date: "
                                                                 "day is out of range for month (write YYYY-MM-DD)")
    assert "never decreases" not in r.out


def test_a_real_leap_day_is_a_date(tmp_path):
    write(tmp_path, "a.tally", "cumulative x\nsource a 2024-02-29\n  x@2024-02-29 = 5\n  x@2024-03-01 = 6\n")
    hostile(tmp_path, ["check", "a.tally"], code=0)


@pytest.mark.parametrize("name, text, where", [
    ("d.csv", "source,quantity,value,date\na,x,5,2024-02-30\n", "2:7"),
    ("d.tsv", "source\tquantity\tvalue\tdate\na\tx\t5\t2024-13-45\n", "2:7"),
    ("d.jsonl", '{"source": "a", "quantity": "x", "value": 5, "date": "2023-02-29"}\n', "1:55"),
    ("c.csv", "source,claim\na,x@2024-02-30 = 5\n", "2:5"),
    ("a.md", "---\nsource: a\ndate: 2024-02-30\n---\nAbout 5{x} people.\n", "3:7"),
    ("a.txt", "---\nsource: a\ndate: 2024-13-45\n---\nAbout 5{x} people.\n", "3:7"),
])
def test_an_impossible_date_in_a_dataset_or_an_article_is_the_same_error(tmp_path, name, text, where):
    write(tmp_path, name, text)
    hostile(tmp_path, ["check", name], code=2, message=f"{name}:{where}: error: '")
    r = hostile(tmp_path, ["check", name], code=2)
    assert "is not a date:" in r.out and "(write YYYY-MM-DD)" in r.out, r


@pytest.mark.parametrize("text", ["٢٠٢٤-٠١-٠١", "2024-1-1", "24-01-01", "2024/01/01", "2024-01-01T00:00"])
def test_a_date_is_written_yyyy_mm_dd_in_ascii_digits(tmp_path, text):
    assert date_problem(text) == f"{text!r} is not a date: write YYYY-MM-DD"
    write(tmp_path, "d.csv", f"source,quantity,value,date\na,x,5,{text}\n")
    hostile(tmp_path, ["check", "d.csv"], code=2, message="is not a date: write YYYY-MM-DD")
