"""Datasets (.csv, .tsv, .jsonl) with their rules, and articles, cut into shards by the
scan of their rows: the report one process gives, byte for byte."""

import json
import random

import pytest

from tallycheck.formats import render
from tallycheck.options import Options
from tallycheck.pipeline import check_paths as one_process
from tallycheck.pipeline import check_texts as one_process_texts
from tallycheck.run import check as run_check
from tallycheck.run.check import Run, check_paths, check_texts
from tallycheck.run.plan import plan
from tallycheck.run.scan import scan


def _report(paths, jobs: int, fmt: str = "json") -> str:
    paths = [str(p) for p in paths]
    if jobs == 1:
        return render(one_process(paths), fmt)
    return render(check_paths(paths, run=Run(jobs=jobs, min_lines=0)), fmt)


@pytest.fixture
def shards(monkeypatch) -> list:
    """How many shards each plan of the test gave (None: one), in many small shards."""
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 120)
    seen = []
    original = run_check.plan
    monkeypatch.setattr(run_check, "plan", lambda *a, **k: (lambda p: (seen.append(p and len(p)), p)[1])(
        original(*a, **k)))
    return seen


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
def test_rows_and_rules_in_shards_give_one_process_report(tmp_path, shards, order, named):
    paths = mixed_input(tmp_path, 240, seed=1, rules_order=order, named_file=named)
    one = _report(paths, 1)
    summary = json.loads(one)["summary"]
    assert summary["conflicts"] > 5 and summary["errors"] > 5
    assert {"id": "agency", "name": "The Agency"} in json.loads(one)["sources"]
    assert "s0.deaths@2024-03-01" in one  # a row of a source with a date
    for jobs in (2, 3):
        assert _report(paths, jobs) == one
    assert all(n > 4 for n in shards)


def test_the_text_report_is_the_same_too(tmp_path, shards):
    paths = mixed_input(tmp_path, 120, seed=2)
    assert _report(paths, 2, "text") == _report(paths, 1, "text")
    assert shards[0] > 4


def test_the_command_writes_the_same_json_from_the_shards(tmp_path, monkeypatch, capsys, shards):
    """`--format json` writes the shards' records as they merge (no whole report is held)."""
    from tallycheck.cli import main

    mixed_input(tmp_path, 150, seed=3)
    assert main(["check", str(tmp_path), "--format", "json", "--jobs", "1"]) == 2
    one = capsys.readouterr().out
    monkeypatch.setattr(run_check, "MIN_LINES", 0)
    assert main(["check", str(tmp_path), "--format", "json", "--jobs", "2"]) == 2
    assert capsys.readouterr().out == one
    out = tmp_path / "out.json"
    assert main(["check", str(tmp_path), "--format", "json", "--jobs", "2", "--output", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == one
    assert len(shards) == 2 and shards[0] > 4


@pytest.mark.parametrize("case, one_shard", [
    ("a .tally source declared twice", False),
    ("a .tally claim naming a source only rows declare", True),  # its error would list them all: one shard
    ("a quoted cell never closed", True),  # its rows cannot be told apart: it is one piece, naming all
    ("a source declared nowhere", True),
])
def test_what_ties_rows_and_rules_is_kept_together(tmp_path, shards, case, one_shard):
    paths = mixed_input(tmp_path, 120, seed=4, rules_order="in order")
    rules = tmp_path / "rules.tally"
    if case == "a .tally source declared twice":
        rules.write_text(rules.read_text() + "source agency\n", encoding="utf-8")
    elif case == "a .tally claim naming a source only rows declare":
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
    assert (shards == [None]) == one_shard


def test_a_multi_line_quoted_cell_is_never_cut(shards):
    rows = ["source,quantity,value,quote"] + [f"s{i},q{i % 50},{i},\"a\n\nlong\nquote\"" for i in range(400)]
    texts = [("d.csv", "\n".join(rows) + "\n")]
    planned = plan([scan("d.csv", texts[0][1], 0, Options())], ["d.csv"], 3)
    for shard in planned:
        kept = set(shard[0])
        assert all({n, n + 1, n + 2, n + 3} <= kept for n in range(2, 1602, 4) if n in kept)  # whole records
    one = render(one_process_texts(texts), "json")
    assert render(check_texts(texts, run=Run(jobs=3, min_lines=0)), "json") == one


def test_a_header_with_problems_is_reported_once(shards):
    texts = [("d.csv", "source,quantity,quantity\n" + "".join(f"s{i},q{i},{i}\n" for i in range(300))),
             ("r.tally", "".join(f"source t{i}\n  x{i} = {i}\n" for i in range(300)))]
    one = render(one_process_texts(texts), "json")
    assert len(json.loads(one)["errors"]) == 1
    assert render(check_texts(texts, run=Run(jobs=2, min_lines=0)), "json") == one
    assert shards[0] > 2


def test_a_dataset_of_claims_is_cut_by_its_rows(tmp_path, shards):
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
    assert all(n > 4 for n in shards)


def test_a_jsonl_dataset_is_cut_by_its_rows(shards):
    rows = "".join(json.dumps({"source": f"p{i % 9}", "quantity": f"q{i // 2}", "value": str(i % 5)}) + "\n"
                   for i in range(600))
    texts = [("d.jsonl", rows), ("r.tally", "source p3 \"Three\"\n")]
    one = render(one_process_texts(texts), "json")
    assert json.loads(one)["summary"]["conflicts"] > 100 and '"name": "Three"' in one
    assert render(check_texts(texts, run=Run(jobs=2, min_lines=0)), "json") == one
    assert shards[0] > 4


def test_a_shard_without_rows_of_a_dataset_does_not_read_it(shards):
    """Its header alone would say the dataset has no rows."""
    rows = "source,quantity,value\n" + "".join(f"p{i},q{i},{i}\n" for i in range(3))
    rules = "".join(f"define lonely{i}.a = lonely{i}.b + 1\n" for i in range(300))
    texts = [("claims.csv", rows), ("rules.tally", rules)]
    one = render(one_process_texts(texts), "json")
    assert render(check_texts(texts, run=Run(jobs=2, min_lines=0)), "json") == one
    planned = plan([scan(n, t, i, Options()) for i, (n, t) in enumerate(texts)], [n for n, _ in texts], 2)
    assert any(not shard[0] for shard in planned) and all(shard[0] or shard[1] for shard in planned)


def test_a_big_dataset_without_quotes_is_scanned_in_stretches(monkeypatch, shards):
    """Every line of it is a record: its rows are scanned in one stretch per job, side by side."""
    from tallycheck.run import scan as scan_module

    rows = "source,quantity,value\r\n" + "".join(f"p{i % 7},s{i // 3}.{'abc'[i % 3]},{i % 11}\r\n" for i in range(900))
    rules = "".join(f"define s{i}.a = s{i}.b + s{i}.c\n" for i in range(0, 300, 2))
    texts = [("d.csv", rows), ("r.tally", rules)]
    one = render(one_process_texts(texts), "json")
    assert json.loads(one)["summary"]["conflicts"] > 20
    monkeypatch.setattr(run_check, "SCAN_APART_CHARS", 1000)
    cuts = []
    original = scan_module.stretches
    monkeypatch.setattr(run_check, "stretches", lambda text, parts, rows: (
        lambda cut: (cuts.append((rows, len(cut))), cut)[1])(original(text, parts, rows)))
    for jobs in (2, 3):
        assert render(check_texts(texts, run=Run(jobs=jobs, min_lines=0)), "json") == one
    assert (True, 2) in cuts and (True, 3) in cuts
