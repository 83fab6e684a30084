"""The guard of the plan: any input, cut into shards and checked apart, gives the report one
process gives, byte for byte -- with 1, 2 and 3 jobs, in many small shards.

The scan must never split what belongs together (it may join more than it must): these
properties feed it every feature that ties lines together, keywords used as quantity names,
statements indented or not, comments, tags in quotes, rows it cannot cut, and bad lines."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scale_testkit import article, data_row, jsonl_row, rules_line

from tallycheck.formats import render
from tallycheck.pipeline import check_texts as one_process
from tallycheck.run.check import Run, check_texts

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _same_report_in_shards(texts, jobs: int, monkeypatch) -> None:
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 6)  # many shards
    monkeypatch.setattr("tallycheck.run.check.SCAN_APART_CHARS", 0)  # .tally files scanned in stretches
    one = render(one_process(texts), "json")
    sharded = check_texts(texts, run=Run(jobs=jobs, min_lines=0))
    assert render(sharded, "json") == one


@SETTINGS
@given(rules=st.lists(rules_line(), min_size=1, max_size=60), jobs=st.integers(1, 3))
def test_any_tally_lines(rules, jobs, monkeypatch):
    """Sources, blocks, attributed claims, sums, declarations, settings and bad lines, in any order."""
    _same_report_in_shards([("r.tally", "\n".join(rules) + "\n")], jobs, monkeypatch)


@SETTINGS
@given(rules=st.lists(rules_line(), max_size=40), claims=st.booleans(), rows=st.data(), jobs=st.integers(1, 3))
def test_any_rows_and_rules(rules, claims, rows, jobs, monkeypatch):
    """A .csv dataset in either layout (quoted cells over lines, bad dates, bad values) and rules."""
    rows = rows.draw(st.lists(data_row(claims), min_size=1, max_size=60))
    header = "source,claim,date,quote" if claims else "source,quantity,value,date,quote"
    texts = [("claims.csv", header + "\n" + "\n".join(rows) + "\n"), ("rules.tally", "\n".join(rules) + "\n")]
    _same_report_in_shards(texts, jobs, monkeypatch)


@SETTINGS
@given(rules=st.lists(rules_line(), max_size=30), rows=st.lists(jsonl_row(), min_size=1, max_size=40),
       articles=st.lists(article(), max_size=3), jobs=st.integers(1, 3))
def test_any_jsonl_rows_articles_and_rules(rules, rows, articles, jobs, monkeypatch):
    texts = [("a.jsonl", "\n".join(rows) + "\n"), ("b.tally", "\n".join(rules) + "\n")]
    texts += [(f"c{i}.md", text) for i, text in enumerate(articles)]
    _same_report_in_shards(texts, jobs, monkeypatch)
