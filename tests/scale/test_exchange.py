"""Datasets with --jobs: stretches read side by side that hand each other what they share
(tallycheck.run.exchange) give the report one process gives, byte for byte."""

import json
import random

import pytest

from tallycheck.pipeline import check_paths
from tallycheck.read.datasets import read_rows, row_stretch_texts
from tallycheck.run.engines import Run
from tallycheck.formats import render


def _report(paths, jobs: int, fmt: str = "json") -> str:
    run = Run(jobs=jobs) if jobs == 1 else Run(jobs=jobs, shard_min_lines=0)
    return render(check_paths([str(p) for p in paths], run=run), fmt)


@pytest.fixture
def decisions(monkeypatch) -> list:
    """What the parent decided in each exchange of the test (None: it fell back)."""
    import tallycheck.run.exchange as exchange

    seen = []
    original = exchange.decide
    monkeypatch.setattr(exchange, "decide", lambda *a: (lambda d: (seen.append(d), d)[1])(original(*a)))
    return seen


def moved(decision) -> int:
    return sum(len(m) for m in decision.moves)


def mixed_input(tmp_path, stories: int, seed: int, rules_order: str = "shuffled", named_file: str = "named.tally"
                ) -> list:
    """Rules (a .tally file), a dataset with dates and quotes, and a file of named sources:
    sums, sum(prefix.*), declarations of several names, cumulative figures dated by rows,
    multi-line quoted cells, bad rows, a `set` line; the rules in another order than the rows."""
    rnd = random.Random(seed)
    rules = ["title \"mixed\"", "set approximate 5%"]
    rows = ["source,quantity,value,date,quote"]
    named = ["source agency \"The Agency\" 2024-03-01", "source paper \"A Paper\""]
    story_rules = []
    for i in range(stories):
        a, b = rnd.randint(1, 900), rnd.randint(1, 900)
        total = a + b + (rnd.random() < 0.1) * rnd.randint(1, 9)
        story = [f"define s{i}.total = s{i}.a + s{i}.b"]
        if i % 5 == 0:
            story.append(f"define s{i}.top >= sum(s{i}.part.*)")
            rows += [f"src{i},s{i}.part.x,{a},,", f"src{i},s{i}.part.y,{b},,", f"src{i},s{i}.top,{a + b - 1},,"]
        if i % 7 == 0:
            story.append(f"amount s{i}.share, s{(i * 31) % stories}.share")
            rows.append(f"src{i},s{i}.share,{rnd.randint(1, 99)}%,,")
        if i % 9 == 0:
            story.append(f"cumulative s{i}.deaths")
            rows += [f"agency,s{i}.deaths,{a},2024-01-0{1 + i % 5},", f"paper,s{i}.deaths,{a - 3},2024-01-0{2 + i % 5},",
                     f"agency,s{i}.deaths,{a + 1},,"]  # dated by the source's date
        story_rules.append(story)
        quote = f"\"{total:,} in all, \"\"so far\"\"\"" if i % 4 else f"\"{total:,}\nin all\""
        rows += [f"src{i},s{i}.total,\"{total:,}\",,{quote}", f"src{i}b,s{i}.a,{a},2024-02-01,",
                 f"src{i}b,s{i}.b,more than {b - 1},,"]
        if i % 13 == 0:
            rows.append(f"src{i},s{i}.b,twelve-ish,,")  # a value the reader refuses
        if i % 17 == 0:
            rows.append(f"src{i},,{a},,")  # a row with no quantity
        if i % 19 == 0:
            rows.append(f"agency,s{i}.a,{a},,")  # a named source, from a .tally file
    if rules_order == "shuffled":
        rnd.shuffle(story_rules)
    rules += [line for story in story_rules for line in story]
    files = {"rules.tally": rules, "claims.csv": rows, named_file: named}
    for name, lines in files.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sorted(tmp_path / name for name in files)


@pytest.mark.parametrize("order, named", [("shuffled", "named.tally"), ("in order", "a-named.tally")])
def test_rows_and_rules_in_stretches_give_one_process_report(tmp_path, decisions, order, named):
    paths = mixed_input(tmp_path, 240, seed=1, rules_order=order, named_file=named)
    one = _report(paths, 1)
    summary = json.loads(one)["summary"]
    assert summary["conflicts"] > 5 and summary["errors"] > 5
    assert {"id": "agency", "name": "The Agency"} in json.loads(one)["sources"]
    assert "s0.deaths@2024-03-01" in one  # a row of a source with a date
    for jobs in (2, 3):
        assert _report(paths, jobs) == one
    assert len(decisions) == 2 and all(d is not None for d in decisions)  # the exchange went on …
    assert all(moved(d) > (40 if order == "shuffled" else 0) for d in decisions)  # … and statements moved


def test_the_text_report_is_the_same_too(tmp_path, decisions):
    paths = mixed_input(tmp_path, 120, seed=2)
    assert _report(paths, 2, "text") == _report(paths, 1, "text")
    assert decisions and decisions[0] is not None


def test_the_command_writes_the_same_json_through_the_exchange(tmp_path, monkeypatch, capsys, decisions):
    from tallycheck.cli import main

    mixed_input(tmp_path, 150, seed=3)
    assert main(["check", str(tmp_path), "--format", "json", "--jobs", "1"]) == 2
    one = capsys.readouterr().out
    monkeypatch.setattr("tallycheck.run.engines.SHARD_MIN_LINES", 0)
    assert main(["check", str(tmp_path), "--format", "json", "--jobs", "2"]) == 2
    assert capsys.readouterr().out == one
    assert decisions and decisions[0] is not None


@pytest.mark.parametrize("case", ["tally source declared twice", "tally claim naming a source of another stretch's rows",
                                  "a quoted cell never closed", "a source declared nowhere"])
def test_what_the_exchange_cannot_do_is_checked_the_other_way(tmp_path, decisions, case):
    paths = mixed_input(tmp_path, 120, seed=4, rules_order="in order")
    rules = tmp_path / "rules.tally"
    if case == "tally source declared twice":
        rules.write_text(rules.read_text() + "source agency\n", encoding="utf-8")
    elif case == "tally claim naming a source of another stretch's rows":
        rules.write_text(rules.read_text() + "src0: s0.a >= 1\n", encoding="utf-8")
    elif case == "a quoted cell never closed":
        data = tmp_path / "claims.csv"
        lines = data.read_text().split("\n")
        lines[len(lines) * 3 // 4] += ",\"never closed"
        data.write_text("\n".join(lines), encoding="utf-8")
    else:
        rules.write_text(rules.read_text() + "nowhere: s1.a >= 1\n", encoding="utf-8")
    one = _report(paths, 1)
    assert _report(paths, 2) == one
    assert decisions == [None]


def test_a_multi_line_quoted_cell_is_never_cut(tmp_path, decisions):
    """Where the quote marks before a line do not pair up, the cut moves on."""
    rows = ["source,quantity,value,quote"] + [f"s{i},q{i},{i},\"a\n\nlong\nquote\"" for i in range(400)]
    text = "\n".join(rows) + "\n"
    for parts in (2, 3, 7):
        pieces = row_stretch_texts(text, parts)
        assert pieces is not None and len(pieces) == parts
        claims = []
        for piece in pieces:
            assert piece.count("\n") <= text.count("\n")
            doc, complete = read_rows(piece, "d.csv")
            assert complete and not doc.diagnostics
            claims += doc.claims
        assert claims == read_rows(text, "d.csv")[0].claims  # the same rows, at the same places
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    assert _report([tmp_path / "d.csv"], 3) == _report([tmp_path / "d.csv"], 1)


def test_a_header_with_problems_is_reported_once(tmp_path, decisions):
    rows = ["source,quantity,quantity"] + [f"s{i},q{i},{i}" for i in range(300)]
    (tmp_path / "d.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    one = _report([tmp_path / "d.csv"], 1)
    assert len(json.loads(one)["errors"]) == 1
    assert _report([tmp_path / "d.csv"], 2) == one
    assert decisions and decisions[0] is not None


# --- any mix of rows and rules: the exchange (or its fall-back) gives one process's report --

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from scale_testkit import data_row, rules_line  # noqa: E402

from tallycheck.pipeline import check_texts  # noqa: E402


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=st.lists(rules_line(), max_size=40), rows=st.lists(data_row(), min_size=1, max_size=60),
       jobs=st.integers(2, 3))
def test_any_rows_and_rules_give_one_process_report(rules, rows, jobs):
    texts = [("claims.csv", "source,quantity,value,date,quote\n" + "\n".join(rows) + "\n"),
             ("rules.tally", "\n".join(rules) + "\n")]
    one = render(check_texts(texts, run=Run(jobs=1)), "json")
    assert render(check_texts(texts, run=Run(jobs=jobs, shard_min_lines=0)), "json") == one


# --- a dataset too big for one stretch per job: cut by its lines, as a .tally file is ------


@pytest.fixture
def planned(monkeypatch) -> list:
    """Datasets go through the plan (tallycheck.run.shards), in many shards; what it gave."""
    import tallycheck.run.shards as shards

    monkeypatch.setattr("tallycheck.run.stretches.MAX_LINES", 0)  # no stretches side by side
    monkeypatch.setattr(shards, "SHARD_LINES", 120)
    seen = []
    original = shards.plan_with_sources
    monkeypatch.setattr(shards, "plan_with_sources", lambda *a, **k: (lambda p: (seen.append(p), p)[1])(
        original(*a, **k)))
    return seen


@pytest.mark.parametrize("order, named", [("shuffled", "named.tally"), ("in order", "a-named.tally")])
def test_a_dataset_cut_by_its_lines_gives_one_process_report(tmp_path, planned, order, named):
    paths = mixed_input(tmp_path, 200, seed=5, rules_order=order, named_file=named)
    one = _report(paths, 1)
    for jobs in (2, 3):
        assert _report(paths, jobs) == one
    assert planned and all(p is not None and len(p[0]) > 4 and p[1] for p in planned)


def test_one_job_cuts_a_big_dataset_by_its_lines(tmp_path, planned, monkeypatch):
    """With one job a big dataset is checked in shards one after another (memory stays a shard's)."""
    paths = mixed_input(tmp_path, 150, seed=6)
    one = _report(paths, 1)
    monkeypatch.setattr("tallycheck.run.engines.ONE_JOB_SHARD_MIN_LINES", 0)
    assert render(check_paths([str(p) for p in paths], run=Run(jobs=1)), "json") == one
    assert planned and planned[0] is not None


def test_a_dataset_of_claims_is_cut_by_its_lines(tmp_path, planned):
    rows = ["source,claim,quote"]
    for i in range(200):
        rows += [f"p{i},s{i}.a = {i}", f"q{i},about {i + 3} s{i}.a,\"about {i + 3}\"", f"q{i},s{i}.a + s{i}.b = {2 * i}",
                 f"r{i % 7},s{i}.b >= sum(s{i}.part.*)", f"r{i % 7},more than 2 s{i}.part.x", "p1,five = 5"]
    (tmp_path / "claims.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "rules.tally").write_text("".join(f"define s{i}.b <= s{i}.a\n" for i in range(0, 200, 3)),
                                          encoding="utf-8")
    paths = sorted(tmp_path.iterdir())
    one = _report(paths, 1)
    assert json.loads(one)["summary"]["conflicts"] > 10
    for jobs in (2, 3):
        assert _report(paths, jobs) == one
    assert planned and all(p is not None for p in planned)


def test_what_the_plan_cannot_cut_is_read_whole(tmp_path, planned):
    """A claim naming a source that only rows declare: one process reads it whole."""
    paths = mixed_input(tmp_path, 100, seed=7)
    rules = tmp_path / "rules.tally"
    rules.write_text(rules.read_text() + "src0: s0.a >= 1\n", encoding="utf-8")
    one = _report(paths, 1)
    assert _report(paths, 2) == one
    assert planned == [None]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rules=st.lists(rules_line(), max_size=40), claims=st.booleans(),
       rows=st.data(), jobs=st.integers(1, 3))
def test_any_rows_and_rules_cut_by_their_lines_give_one_process_report(rules, claims, rows, jobs, planned, monkeypatch):
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 10)
    monkeypatch.setattr("tallycheck.run.engines.ONE_JOB_SHARD_MIN_LINES", 0)
    rows = rows.draw(st.lists(data_row(claims), min_size=1, max_size=60))
    header = "source,claim,date,quote" if claims else "source,quantity,value,date,quote"
    texts = [("claims.csv", header + "\n" + "\n".join(rows) + "\n"), ("rules.tally", "\n".join(rules) + "\n")]
    one = render(check_texts(texts, run=Run(jobs=1, split=False)), "json")
    assert render(check_texts(texts, run=Run(jobs=jobs, shard_min_lines=0)), "json") == one


def test_a_shard_without_rows_of_a_dataset_does_not_read_it(planned):
    """Its header alone would say the dataset has no rows."""
    rows = "source,quantity,value\n" + "".join(f"p{i},q{i},{i}\n" for i in range(3))
    rules = "".join(f"define lonely{i}.a = lonely{i}.b + 1\n" for i in range(300))
    texts = [("claims.csv", rows), ("rules.tally", rules)]
    one = render(check_texts(texts, run=Run(jobs=1, split=False)), "json")
    assert render(check_texts(texts, run=Run(jobs=2, shard_min_lines=0)), "json") == one
    kept = planned[0][0]
    assert any(not shard[0] for shard in kept) and all(shard[1] or shard[0] for shard in kept)


def test_stretches_that_share_nothing_go_on_without_handing_anything_over(decisions):
    rows = "source,claim\n" + "".join(f"p{i % 9},q{i}.a + q{i}.b = {i}\np{i % 7},q{i}.a > {i}\n" for i in range(400))
    texts = [("d.csv", rows), ("r.tally", "set approximate 5%\n")]
    one = render(check_texts(texts, run=Run(jobs=1)), "json")
    assert json.loads(one)["summary"]["conflicts"] == 400
    assert render(check_texts(texts, run=Run(jobs=2, shard_min_lines=0)), "json") == one
    assert len(decisions) == 1 and not any(decisions[0].moves) and not decisions[0].shared
