"""The report does not depend on how the check ran: --jobs 1, --jobs 2 or a Dask cluster."""

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scale_testkit import rules_line

from tallycheck.pipeline import check_paths, check_texts
from tallycheck.run.engines import Run
from tallycheck.formats import render
from tallycheck.read.inputs import read_documents
from tallycheck.options import Options
from tallycheck.run.shards import merge, plan, plan_documents

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ["fixtures/prisoner-exchange.tally", "fixtures/total-mismatch.tally", "fixtures/consistent-story.tally",
            "fixtures/bad/syntax-errors.tally", "fixtures/bad/unknown-source.tally"]


def story_file(stories: int, seed: int) -> str:
    """Independent stories: sums, bounds, shares, dated cumulative figures, a few contradictions."""
    rnd = random.Random(seed)
    out = ["title \"generated\"", "set approximate 5%", "cumulative deaths"]
    for i in range(stories):
        a, b = rnd.randint(1, 900), rnd.randint(1, 900)
        total = a + b + (rnd.random() < 0.1) * rnd.randint(1, 9)
        out += [f"count s{i}.total, s{i}.a, s{i}.b", f"define s{i}.total = s{i}.a + s{i}.b"]
        if i % 7 == 0:
            out += [f"define s{i}.b <= sum(s{i}.*)"]
        out += [f"source src{i}", f"  s{i}.total = {total:,}", f"  \"{a}{{s{i}.a}} of them\""]
        out += [f"  s{i}.a = {round(100 * a / (a + b))}% of s{i}.total"]
        if i % 7 == 0:
            out += [f"  s{i}.b ~ {b}"]
        if i % 11 == 0:
            out += [f"  this line is not a claim {i}"]
        out += [f"src{i}: s{i}.b >= {max(0, b - 2)}"]
    return "\n".join(out) + "\n"


def _json(report) -> str:
    return render(report, "json")


@pytest.mark.parametrize("fixture", FIXTURES)
def test_two_jobs_give_the_same_report_on_the_fixtures(fixture):
    path = str(ROOT / fixture)
    one = check_paths([path], run=Run(jobs=1))
    two = check_paths([path], run=Run(jobs=2, shard_min_lines=0))
    assert _json(one) == _json(two)


def test_two_and_three_jobs_give_the_same_report_on_many_stories(tmp_path):
    f = tmp_path / "stories.tally"
    f.write_text(story_file(300, seed=4), encoding="utf-8")
    one = _json(check_paths([str(f)], run=Run(jobs=1)))
    assert json.loads(one)["summary"]["conflicts"] > 5  # the generated file does contradict itself
    errors = json.loads(one)["errors"]
    assert len(errors) == 28 and {e["code"] for e in errors} == {"syntax"}  # bad lines reported, the rest checked
    assert plan([(str(f), f.read_text())], 2) is not None  # and it does split
    for jobs in (2, 3):
        assert _json(check_paths([str(f)], run=Run(jobs=jobs, shard_min_lines=0))) == one


def test_a_big_input_is_cut_into_many_shards_and_still_gives_the_same_report(tmp_path, monkeypatch):
    f = tmp_path / "stories.tally"
    f.write_text(story_file(200, seed=5), encoding="utf-8")
    one = _json(check_paths([str(f)], run=Run(jobs=1)))
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 40)
    assert len(plan([(str(f), f.read_text())], 2)) > 10
    assert _json(check_paths([str(f)], run=Run(jobs=2, shard_min_lines=0))) == one


def test_claims_joined_by_a_sum_stay_in_one_shard():
    text = "count p.a, p.b, p.c, q\nsource s\n  p.a = 1\n  p.b = 2\n  p.c = 3\n  q = 4\ndefine q = sum(p.*)\nsource t\n  r = 5\n"
    shards = plan([("f.tally", text)], 4)
    owners = {}
    for i, shard in enumerate(shards):
        for line in shard[0]:
            owners.setdefault(line, set()).add(i)
    assert len(set.union(*(owners[n] for n in (3, 4, 5, 6, 7)))) == 1  # one shard has the sum and its parts
    assert owners[9] != owners[3]
    assert owners[2] == {0, *owners[3]} and owners[8] == {0, *owners[9]}  # each claim's source; all in the first


def test_merging_one_report_changes_nothing():
    report = check_texts([("f.tally", (ROOT / FIXTURES[0]).read_text(encoding="utf-8"))])
    assert _json(merge([report])) == _json(report)


def test_the_dask_engine_gives_the_same_report(tmp_path):
    distributed = pytest.importorskip("distributed")
    f = tmp_path / "stories.tally"
    f.write_text(story_file(60, seed=9), encoding="utf-8")
    local = _json(check_paths([str(f)], run=Run(jobs=1)))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = _json(check_paths([str(f)], run=Run(jobs=2, engine="dask", scheduler=cluster.scheduler_address)))
    assert on_dask == local


def story_rows(stories: int, seed: int) -> tuple[str, str]:
    """A dataset (source, quantity, value, quote) and its rules: totals of parts, shares."""
    rnd = random.Random(seed)
    rows, rules = ["source,quantity,value,quote"], ["amount " + ", ".join(f"s{i}.share" for i in range(stories))]
    for i in range(stories):
        a, b = rnd.randint(1, 900), rnd.randint(1, 900)
        total = a + b - 5 * (rnd.random() < 0.1)
        rules.append(f"define s{i}.total = s{i}.a + s{i}.b")
        rows += [f"src{i},s{i}.total,\"{total:,}\",\"{total:,} in all\"", f"src{i}b,s{i}.a,{a},", f"src{i}b,s{i}.b,more than {b - 1},"]
        if i % 13 == 0:
            rows.append(f"src{i},s{i}.b,twelve-ish,")  # a value the reader refuses
        if i % 17 == 0:
            rows.append(f"src{i},,{a},")  # a row with no quantity
    return "\n".join(rows) + "\n", "\n".join(rules) + "\n"


@pytest.mark.parametrize("fixture", ["fixtures/election", "fixtures/articles"])
def test_datasets_and_articles_give_the_same_report_with_two_jobs(fixture):
    path = str(ROOT / fixture)
    assert _json(check_paths([path], run=Run(jobs=2, shard_min_lines=0))) == _json(check_paths([path], run=Run(jobs=1)))


@pytest.mark.parametrize("way", ["exchange", "planned"])
def test_a_generated_dataset_gives_the_same_report_with_two_jobs(tmp_path, monkeypatch, way):
    if way == "planned":  # read in this process, then cut (what the exchange falls back to)
        monkeypatch.setattr("tallycheck.run.exchange.can_exchange", lambda files: False)
    data, rules = story_rows(300, seed=3)
    (tmp_path / "claims.csv").write_text(data, encoding="utf-8")
    (tmp_path / "rules.tally").write_text(rules, encoding="utf-8")
    one = _json(check_paths([str(tmp_path)], run=Run(jobs=1)))
    summary = json.loads(one)["summary"]
    assert summary["conflicts"] > 5 and summary["errors"] > 5
    assert {e["code"] for e in json.loads(one)["errors"]} >= {"claim", "dataset"}
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(tmp_path.iterdir())]
    assert len(plan_documents(read_documents(texts, Options()), 2)) >= 2  # it does split
    assert _json(check_paths([str(tmp_path)], run=Run(jobs=2, shard_min_lines=0))) == one


def _cli_json(args, capsys) -> tuple[int, str]:
    from tallycheck.cli import main

    code = main(["check", *args, "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


@pytest.mark.parametrize("kind", ["tally", "dataset", "dataset-planned"])
def test_the_json_written_straight_from_the_shards_is_the_same(kind, tmp_path, monkeypatch, capsys):
    """`--format json --jobs 2` writes the shards' records as they merge (no whole report is held)."""
    if kind == "dataset-planned":
        monkeypatch.setattr("tallycheck.run.exchange.can_exchange", lambda files: False)
    if kind == "tally":
        (tmp_path / "stories.tally").write_text(story_file(200, seed=8), encoding="utf-8")
    else:
        data, rules = story_rows(200, seed=8)
        (tmp_path / "claims.csv").write_text(data, encoding="utf-8")
        (tmp_path / "rules.tally").write_text(rules, encoding="utf-8")
    code1, one = _cli_json([str(tmp_path), "--jobs", "1"], capsys)
    monkeypatch.setattr("tallycheck.run.engines.SHARD_MIN_LINES", 0)
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 100)  # many shards
    import tallycheck.run.shards as shards
    seen = []
    original = shards.JsonShards.__init__
    monkeypatch.setattr(shards.JsonShards, "__init__",
                        lambda self, *a, **k: (seen.append(len(a[0])), original(self, *a, **k))[1])
    code2, two = _cli_json([str(tmp_path), "--jobs", "2"], capsys)
    assert seen and seen[0] >= (2 if kind == "dataset" else 3)  # it did go through the shards (stretches)
    assert (code2, two) == (code1, one) and code1 == 2
    out = tmp_path / "out.json"
    from tallycheck.cli import main
    assert main(["check", str(tmp_path), "--format", "json", "--jobs", "2", "--output", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == one


def tricky_file(stories: int, seed: int) -> str:
    """Source blocks broken by declarations and definitions, claims attributed to sources
    declared elsewhere, a source declared twice, a kind declared twice: the shards must
    see each line in the same context as the whole file does."""
    rnd = random.Random(seed)
    out = ["set approximate 5%"]
    for i in range(stories):
        a = rnd.randint(1, 99)
        out += [f"source src{i}", f"  t{i}.a = {a}"]
        if i % 5 == 0:
            out += [f"count t{i}.b", f"  t{i}.b = {a}"]  # under no source: an error, in any shard
        if i % 6 == 0:
            out += [f"define t{i}.c = t{i}.a", f"  t{i}.c = {a + 1}"]  # the same
        if i % 9 == 0 and i:
            out += [f"src{i - 1}: t{i}.a = {a + (i % 2)}"]  # attributed to the previous story's source
        if i % 10 == 0:
            out += [f"source src{i}", f"  t{i}.a < {a}"]  # declared twice
        if i % 7 == 0:
            out += [f"count t{i}.a", f"amount t{i}.a"]  # two kinds
    return "\n".join(out) + "\n"


def test_source_blocks_and_declarations_mean_the_same_in_every_shard(tmp_path, monkeypatch):
    f = tmp_path / "tricky.tally"
    f.write_text(tricky_file(120, seed=2), encoding="utf-8")
    one = _json(check_paths([str(f)], run=Run(jobs=1)))
    codes = {e["code"] for e in json.loads(one)["errors"]}
    assert {"no-source", "duplicate-source", "kind"} <= codes, codes
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 30)
    assert len(plan([(str(f), f.read_text())], 2)) > 4
    assert _json(check_paths([str(f)], run=Run(jobs=2, shard_min_lines=0))) == one


def declared_kinds_file(stories: int) -> str:
    """Each story's one quantity is declared `amount`, and its one figure is not whole: as a
    count (the default) it would contradict itself."""
    out = []
    for i in range(stories):
        out += [f"amount k{i}", f"source s{i}", f"  k{i} = {i}.5"]
    return "\n".join(out) + "\n"


def test_each_shard_keeps_the_declarations_of_its_quantities(tmp_path, monkeypatch):
    f = tmp_path / "kinds.tally"
    f.write_text(declared_kinds_file(60), encoding="utf-8")
    one = _json(check_paths([str(f)], run=Run(jobs=1)))
    assert json.loads(one)["verdict"] == "consistent"
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 10)
    shards = plan([(str(f), f.read_text())], 2)
    assert len(shards) > 4
    for shard in shards:
        for line in shard[0]:
            if line % 3 == 0:  # a claim: its quantity's declaration is two lines up
                assert line - 2 in shard[0]
    assert _json(check_paths([str(f)], run=Run(jobs=2, shard_min_lines=0))) == one


def test_a_big_file_scanned_in_stretches_is_planned_as_a_whole(tmp_path, monkeypatch):
    """Above SCAN_APART_CHARS the plan's line scan runs in stretches, in worker processes."""
    texts = [("stories.tally", story_file(300, seed=4)), ("tricky.tally", tricky_file(120, seed=2))]
    whole = plan(texts, 2, 30)
    monkeypatch.setattr("tallycheck.run.shards.SCAN_APART_CHARS", 1000)
    assert plan(texts, 2, 30) == whole
    assert plan(texts, 3, 30) == (monkeypatch.undo() or plan(texts, 3, 30))


def test_one_job_checks_a_big_input_in_shards_one_after_another(tmp_path, monkeypatch):
    """Memory stays that of one shard even with --jobs 1 (a one-core CI runner's default)."""
    import tallycheck.run.workers as workers

    f = tmp_path / "stories.tally"
    f.write_text(story_file(200, seed=6), encoding="utf-8")
    one = _json(check_paths([str(f)], run=Run(jobs=1)))
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 100)
    monkeypatch.setattr("tallycheck.run.engines.ONE_JOB_SHARD_MIN_LINES", 0)
    at_once = []
    original = workers.run_forked
    monkeypatch.setattr(workers, "run_forked", lambda *a: (at_once.append((a[2], a[3])), original(*a))[1])
    assert _json(check_paths([str(f)], run=Run(jobs=1))) == one
    assert at_once and at_once[0][0] > 2 and at_once[0][1] == 1  # many shards, one process at a time


def test_a_shard_is_not_split_again_in_its_worker(tmp_path, monkeypatch):
    """A shard's text keeps every line number (blank lines for the others), so it is as long
    as the input: its worker must check it whole, not plan shards of it again."""
    import tallycheck.run.shards as shards
    import tallycheck.run.workers as workers

    text = story_file(40, seed=1)
    keep = plan([("s.tally", text)], 2, 30)
    monkeypatch.setattr("tallycheck.run.engines.ONE_JOB_SHARD_MIN_LINES", 0)
    monkeypatch.setattr(shards, "check_sharded", lambda *a, **k: pytest.fail("a shard was split again"))
    monkeypatch.setattr(workers, "PAYLOAD", ([("s.tally", text)], keep, None, Options(), False, str(tmp_path)))
    assert shards._check_shard(0).claim_count > 0


def test_a_worker_killed_is_said_plainly_and_a_worker_bug_is_called_one(tmp_path, monkeypatch, capsys):
    import errno
    import os
    import signal

    import tallycheck.run.shards as shards
    from tallycheck.cli import main

    f = tmp_path / "stories.tally"
    f.write_text(story_file(100, seed=3), encoding="utf-8")
    monkeypatch.setattr("tallycheck.run.engines.SHARD_MIN_LINES", 0)
    monkeypatch.setattr(shards, "_check_shard", lambda i: os.kill(os.getpid(), signal.SIGKILL))
    assert main(["check", str(f), "--jobs", "2"]) == 2
    err = capsys.readouterr().err
    assert "killed by signal 9" in err and "internal error" not in err

    monkeypatch.setattr(shards, "_check_shard", lambda i: 1 / 0)
    assert main(["check", str(f), "--jobs", "2"]) == 2
    err = capsys.readouterr().err
    assert "internal error" in err and "ZeroDivisionError: division by zero" in err

    def full_disk(i):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(shards, "_check_shard", full_disk)  # the machine's doing, said as the parent says it
    assert main(["check", str(f), "--jobs", "2"]) == 2
    assert capsys.readouterr().err == "tallycheck: No space left on device\n"


def test_a_claim_naming_an_undeclared_source_is_reported_as_by_one_process(tmp_path, monkeypatch):
    """The error lists every source of the input: the claim is checked where they all are."""
    f = tmp_path / "unknown.tally"
    f.write_text(story_file(100, seed=2) + "nosuch: s99.a = 5\nsource lonely\n  zz.q = 3\n  nobody: zz.r = 4\n",
                 encoding="utf-8")
    one = _json(check_paths([str(f)], run=Run(jobs=1)))
    assert "unknown source 'nosuch' (sources: lonely, src0, src1," in one
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 50)
    assert _json(check_paths([str(f)], run=Run(jobs=2, shard_min_lines=0))) == one


def _generated(tmp_path, n: int) -> Path:
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--claims", str(n), "--seed", "4",
                    "--out", str(tmp_path)], check=True, capture_output=True)
    return tmp_path / f"claims-{n}.tally"


def _stretches_seen(monkeypatch) -> list:
    import tallycheck.run.stretches as stretches

    seen = []
    original = stretches.check_in_stretches
    monkeypatch.setattr(stretches, "check_in_stretches", lambda *a, **k: (lambda r: (seen.append(r is not None), r)[1])(
        original(*a, **k)))
    return seen


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_file_written_story_by_story_is_checked_in_stretches(tmp_path, monkeypatch, capsys, fmt):
    """No plan: one stretch per job, read apart; they share nothing, so they are checked apart."""
    from tallycheck.cli import main

    f = _generated(tmp_path, 1500)
    assert main(["check", str(f), "--format", fmt, "--jobs", "1"]) == 1
    one = capsys.readouterr().out
    seen = _stretches_seen(monkeypatch)
    monkeypatch.setattr("tallycheck.run.engines.SHARD_MIN_LINES", 0)
    for jobs in ("2", "3"):
        assert main(["check", str(f), "--format", fmt, "--jobs", jobs]) == 1
        assert capsys.readouterr().out == one
    assert seen == [True, True]


def test_stretches_that_share_a_name_a_source_or_a_sum_are_checked_through_the_plan(tmp_path, monkeypatch):
    import re

    base = _generated(tmp_path, 1500).read_text(encoding="utf-8")
    name = re.search(r"\b(s0\.\w+)", base).group(1)  # a quantity of the first story
    source = re.search(r"^source (\w+)", base, re.M).group(1)  # the first story's source
    ties = {
        "name": f"source late\n  {name} = 40\n",
        "source": f"count z.q\nsource {source}\n  z.q = 3\n",
        "sum": "define z.total = sum(s1.*)\nsource lonely\n  z.total = 99\n",  # a sum over the first stories
        "undeclared": "count z.r\nsource lonely\n  nosuch: z.r = 3\n",  # a source declared nowhere
    }
    seen = _stretches_seen(monkeypatch)
    for kind, tail in ties.items():
        f = tmp_path / f"{kind}.tally"
        f.write_text(base + tail, encoding="utf-8")
        one = _json(check_paths([str(f)], run=Run(jobs=1)))
        assert _json(check_paths([str(f)], run=Run(jobs=2, shard_min_lines=0))) == one, kind
    assert seen == [False] * len(ties)


def test_each_stretch_sees_every_set_and_title_line_where_it_is(tmp_path):
    from tallycheck.run.shards import line_starts, shard_texts
    from tallycheck.run.stretches import stretch_texts
    from tallycheck.run import line_scan

    base = _generated(tmp_path, 1500).read_text(encoding="utf-8").split("\n")
    rnd = random.Random(7)
    for _ in range(5):
        lines = list(base)
        for _ in range(4):  # settings and titles anywhere at the top level
            at = rnd.randrange(len(lines))
            if not lines[at].startswith((" ", "\t")):
                lines.insert(at, rnd.choice(["set approximate 2%", 'title "t"', "set decimal_comma on"]))
        text = "\n".join(lines)
        cuts = line_scan.stretches(text, 3)
        starts = line_starts(text)
        everywhere = [n for n, line in enumerate(lines, start=1) if line.startswith(("set ", "title "))]
        expected = []
        for k, (first, _, _) in enumerate(cuts):
            last = cuts[k + 1][0] - 1 if k + 1 < len(cuts) else len(lines)
            keep = sorted(set(range(first, last + 1)) | set(everywhere))
            expected.append(shard_texts([("f", text)], [keep], [starts])[0])
        assert len(cuts) == 3 and stretch_texts("f", text, 3) == expected


def test_a_bug_in_a_stretch_worker_is_reported_as_one(tmp_path, monkeypatch, capsys):
    import tallycheck.run.stretches as stretches
    from tallycheck.cli import main

    f = _generated(tmp_path, 1500)
    monkeypatch.setattr("tallycheck.run.engines.SHARD_MIN_LINES", 0)
    monkeypatch.setattr(stretches, "footprint", lambda documents: 1 / 0)
    assert main(["check", str(f), "--jobs", "2"]) == 2
    err = capsys.readouterr().err
    assert "internal error" in err and "ZeroDivisionError: division by zero" in err and "stretch 1" in err


def test_a_statement_that_cannot_be_read_ends_the_source_above_it_in_every_shard(tmp_path, monkeypatch):
    """Every line not indented closes the source above it, even one with an error or a
    claim: the indented claims after it mean what they mean to one process (no source),
    in stretches and in the plan."""
    lines = []
    for i in range(200):
        lines += [f"source src{i}", f"  s{i}.a = {i}", f"  s{i}.b = {i + 1}"]
        lines += [f"define s{i}.c = = {i}" if i % 2 else f"define s{i}.c = s{i}.a + 1", f"  s{i}.d = 5"]
        if i % 3 == 0:
            lines += [f"source bad{i} \"B\" \"C\"", f"  s{i}.a = {i + 7}"]
        if i % 4 == 0:
            lines += [f"source more{i}", f"  s{i}.e = 2", f"src{i}: s{i}.e = 1", f"  s{i}.e = 3"]
    f = tmp_path / "bad.tally"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = _json(check_paths([str(f)], run=Run(jobs=1)))
    seen = _stretches_seen(monkeypatch)
    for jobs in (2, 3, 5):
        assert _json(check_paths([str(f)], run=Run(jobs=jobs, shard_min_lines=0))) == one
    assert any(seen)
    monkeypatch.setattr("tallycheck.run.stretches.MAX_LINES", 0)  # through the plan
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 50)
    for jobs in (2, 3):
        assert _json(check_paths([str(f)], run=Run(jobs=jobs, shard_min_lines=0))) == one


def test_a_name_only_declared_goes_with_the_sum_over_its_prefix(tmp_path, monkeypatch):
    """`count s1.x.only` and `define s1.t >= sum(s1.x.*)`: the sum counts the declared name,
    so the shard that checks the sum keeps that declaration, whichever shard it is."""
    lines = []
    for i in range(120):
        lines += [f"count s{i}.x.only", f"define s{i}.t >= sum(s{i}.x.*)", f"source src{i}", f"  s{i}.t = {i}"]
    f = tmp_path / "sums.tally"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = _json(check_paths([str(f)], run=Run(jobs=1)))
    assert "names no quantity" not in one
    monkeypatch.setattr("tallycheck.run.stretches.MAX_LINES", 0)  # through the plan
    monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 40)
    assert _json(check_paths([str(f)], run=Run(jobs=2, shard_min_lines=0))) == one


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rules=st.lists(rules_line(), min_size=1, max_size=60), jobs=st.integers(2, 3), planned=st.booleans())
def test_any_tally_lines_give_one_process_report_in_stretches_and_in_the_plan(rules, jobs, planned, monkeypatch):
    """Sources, blocks, attributed claims, sums, declarations and bad lines, in any order."""
    if planned:
        monkeypatch.setattr("tallycheck.run.stretches.MAX_LINES", 0)
        monkeypatch.setattr("tallycheck.run.shards.SHARD_LINES", 8)
    texts = [("r.tally", "\n".join(rules) + "\n")]
    one = _json(check_texts(texts, run=Run(jobs=1, split=False)))
    assert _json(check_texts(texts, run=Run(jobs=jobs, shard_min_lines=0))) == one
