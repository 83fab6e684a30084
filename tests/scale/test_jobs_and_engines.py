"""The report does not depend on how the check ran: one process, --jobs 1, 2 or 3 (the
plan's shards in local workers), or the same shards on a Dask cluster."""

import gc
import json
import random
import sys
import threading
from fractions import Fraction
from pathlib import Path

import pytest

from tallycheck.formats import render
from tallycheck.options import Options
from tallycheck.pipeline import check_paths as one_process
from tallycheck.pipeline import check_texts as one_process_texts
from tallycheck.run import check as run_check
from tallycheck.run.check import Run, check_paths, check_texts
from tallycheck.run.merge import merge
from tallycheck.run.plan import plan
from tallycheck.run.scan import scan
from tallycheck.run.shard import check_shard

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ["fixtures/prisoner-exchange.tally", "fixtures/total-mismatch.tally", "fixtures/consistent-story.tally",
            "fixtures/bad/syntax-errors.tally", "fixtures/bad/unknown-source.tally", "fixtures/election",
            "fixtures/articles", "fixtures"]


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
    if isinstance(report, run_check.MergedJson):
        import io

        out = io.StringIO()
        report.write(out)
        return out.getvalue()
    return render(report, "json")


def _plan(texts, jobs: int):
    return plan([scan(name, text, i, Options()) for i, (name, text) in enumerate(texts)], [n for n, _ in texts], jobs)


@pytest.fixture
def shards(monkeypatch) -> list:
    """How many shards each plan of the test gave (None: one)."""
    seen = []
    original = run_check.plan
    monkeypatch.setattr(run_check, "plan", lambda *a, **k: (lambda p: (seen.append(p and len(p)), p)[1])(
        original(*a, **k)))
    return seen


# The fixtures folder read as one input makes a group of related claims that took about 4 of
# the 5 CPU-seconds a group may take (1.2 s since the conflict search's hitting sets are cut):
# a slower process (a Dask worker; a busy runner) crossed the limit and said so, 20 more
# "unknown: more than 5 seconds", a different report.  These tests compare how a run is cut,
# not the machine: they give the solver time no run reaches.
UNHURRIED = Options(timeout=Fraction(600))


@pytest.mark.parametrize("fixture", FIXTURES)
def test_two_jobs_give_the_same_report_on_the_fixtures(fixture, shards):
    path = str(ROOT / fixture)
    one = _json(one_process([path], UNHURRIED))
    assert _json(check_paths([path], UNHURRIED, run=Run(jobs=2, min_lines=0))) == one
    assert _json(check_paths([path], UNHURRIED, run=Run(jobs=3, min_lines=0), as_json=True)) == one


def test_many_stories_in_two_and_three_jobs(tmp_path, shards):
    f = tmp_path / "stories.tally"
    f.write_text(story_file(300, seed=4), encoding="utf-8")
    one = _json(one_process([str(f)]))
    assert json.loads(one)["summary"]["conflicts"] > 5  # the generated file does contradict itself
    errors = json.loads(one)["errors"]
    assert len(errors) == 28 and {e["code"] for e in errors} == {"syntax"}  # bad lines reported, the rest checked
    for jobs in (1, 2, 3):
        assert _json(check_paths([str(f)], run=Run(jobs=jobs, min_lines=0))) == one
    assert shards == [None, 2, 3]  # one job: one shard (a small input); more: one shard per job


def test_a_big_input_is_cut_into_many_shards_and_still_gives_the_same_report(tmp_path, monkeypatch, shards):
    f = tmp_path / "stories.tally"
    f.write_text(story_file(200, seed=5), encoding="utf-8")
    one = _json(one_process([str(f)]))
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 40)
    assert _json(check_paths([str(f)], run=Run(jobs=2, min_lines=0))) == one
    assert shards[0] > 10


def test_claims_joined_by_a_sum_stay_in_one_shard():
    text = "count p.a, p.b, p.c, q\nsource s\n  p.a = 1\n  p.b = 2\n  p.c = 3\n  q = 4\ndefine q = sum(p.*)\nsource t\n  r = 5\n"
    planned = _plan([("f.tally", text)], 4)
    owners = {}
    for i, shard in enumerate(planned):
        for line in shard[0]:
            owners.setdefault(line, set()).add(i)
    assert len(set.union(*(owners[n] for n in (3, 4, 5, 6, 7)))) == 1  # one shard has the sum and its parts
    assert owners[9] != owners[3]
    assert owners[2] == owners[3] and owners[8] == owners[9]  # each claim's source goes with it
    assert owners[1] == owners[3]  # and the declaration of its quantities


def test_merging_one_part_changes_nothing():
    text = (ROOT / FIXTURES[0]).read_text(encoding="utf-8")
    part = check_shard([("f.tally", text)], [None], None, Options())
    assert _json(merge([part])) == _json(one_process_texts([("f.tally", text)]))


def test_a_worker_killed_is_said_plainly_and_a_worker_bug_is_called_one(tmp_path, monkeypatch, capsys):
    import errno
    import os
    import signal

    from tallycheck.cli import main

    f = tmp_path / "stories.tally"
    f.write_text(story_file(100, seed=3), encoding="utf-8")
    monkeypatch.setattr(run_check, "MIN_LINES", 0)
    monkeypatch.setattr(run_check, "check_shard", lambda *a: os.kill(os.getpid(), signal.SIGKILL))
    assert main(["check", str(f), "--jobs", "2"]) == 2
    err = capsys.readouterr().err
    assert "killed by signal 9 while checking task" in err and "internal error" not in err

    monkeypatch.setattr(run_check, "check_shard", lambda *a: 1 / 0)
    assert main(["check", str(f), "--jobs", "2"]) == 2
    err = capsys.readouterr().err
    assert "internal error" in err and "ZeroDivisionError: division by zero" in err

    def full_disk(*a):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(run_check, "check_shard", full_disk)  # the machine's doing, said as the parent says it
    assert main(["check", str(f), "--jobs", "2"]) == 2
    assert capsys.readouterr().err == "tallycheck: No space left on device\n"


def test_the_merge_searches_misspelt_names_beside_and_says_plainly_when_that_fails(tmp_path, monkeypatch, capsys):
    """With two jobs the misspelt-name search runs in a worker while this process merges the
    sources and orders the records (Local.beside); with one job, one after the other, here."""
    import os
    import signal

    from tallycheck.cli import main
    from tallycheck.run import merge as run_merge
    from tallycheck.run.executors import Local

    with Local(2) as two, Local(1) as one:
        assert two.beside(os.getpid, os.getpid)[0] == os.getpid() != two.beside(os.getpid, os.getpid)[1]
        assert one.beside(os.getpid, os.getpid) == (os.getpid(), os.getpid())
    f = tmp_path / "stories.tally"
    f.write_text(story_file(100, seed=3), encoding="utf-8")
    monkeypatch.setattr(run_check, "MIN_LINES", 0)
    monkeypatch.setattr(run_merge, "warnings_for", lambda parts: os.kill(os.getpid(), signal.SIGKILL))
    for fmt in ("json", "text"):  # (a merge of records, a merge of reports)
        assert main(["check", str(f), "--jobs", "2", "--format", fmt]) == 2
        err = capsys.readouterr().err
        assert "killed by signal 9 while looking for misspelt names" in err and "internal error" not in err


def test_one_job_checks_a_big_input_in_shards_one_after_another(tmp_path, monkeypatch):
    """Memory stays that of one shard even with --jobs 1 (a one-core CI runner's default)."""
    from tallycheck.run.executors import Local

    f = tmp_path / "stories.tally"
    f.write_text(story_file(200, seed=6), encoding="utf-8")
    one = _json(one_process([str(f)]))
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 100)
    monkeypatch.setattr(run_check, "ONE_JOB_MIN_LINES", 0)
    at_once = []
    original = Local.run
    monkeypatch.setattr(Local, "run", lambda self, fn, tasks, *a, **k: (at_once.append((fn, len(tasks), self.jobs)),
                                                                         original(self, fn, tasks, *a, **k))[1])
    assert _json(check_paths([str(f)], run=Run(jobs=1))) == one
    assert [(n, jobs) for fn, n, jobs in at_once if fn is check_shard] == [(at_once[-1][1], 1)]
    assert at_once[-1][1] > 2  # many shards, one process at a time


class _SlowToPickle:
    """A result whose pickling waits (up to 20 s) for the file ``marker`` to appear."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        import os
        import time

        deadline = time.monotonic() + 20
        while not os.path.exists(self.marker) and time.monotonic() < deadline:
            time.sleep(0.01)
        return bool, (os.path.exists(self.marker),)


def _make_then_mark(marker: str, mark: bool):
    if mark:
        open(marker, "w").close()
        return True
    return _SlowToPickle(marker)


def test_the_next_task_starts_while_a_worker_pickles_its_result(tmp_path):
    """A worker's core is the next task's as soon as its result is made: with one job, the
    second task runs (and writes the marker) while the first worker is still pickling (which
    waits for the marker).  Were the second started only once the first result is written,
    the first would give up waiting and say False."""
    from tallycheck.run.executors import Local

    marker = str(tmp_path / "second-started")
    with Local(1) as one:
        assert one.run(_make_then_mark, [(marker, False), (marker, True)]) == [True, True]


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


def test_source_blocks_and_declarations_mean_the_same_in_every_shard(tmp_path, monkeypatch, shards):
    f = tmp_path / "tricky.tally"
    f.write_text(tricky_file(120, seed=2), encoding="utf-8")
    one = _json(one_process([str(f)]))
    codes = {e["code"] for e in json.loads(one)["errors"]}
    assert {"no-source", "duplicate-source", "kind"} <= codes, codes
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 30)
    assert _json(check_paths([str(f)], run=Run(jobs=2, min_lines=0))) == one
    assert shards[0] > 4


def test_a_source_declared_twice_dates_its_claims_by_its_first_declaration_in_every_shard(monkeypatch, shards):
    """Claims under the second `source s2` line are s2's, dated as s2 was first declared."""
    lines = ["cumulative deaths, hurt"]
    for i in range(6):
        lines += [f"source s{i} \"S\" 2024-01-0{i + 1}", f"  x{i} = {i}"]
    lines += ["source s2 \"again\" 2024-02-01", "  deaths = 5", "source s4 \"again\" 2024-02-02", "  hurt = 3",
              "  deaths = 4"]
    texts = [("t.tally", "\n".join(lines) + "\n")]
    one = _json(one_process_texts(texts))
    assert "deaths@2024-01-03" in one and json.loads(one)["summary"]["errors"] == 2
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 3)
    assert _json(check_texts(texts, run=Run(jobs=2, min_lines=0))) == one
    assert shards[0] > 2


def test_conflicts_blaming_no_claim_are_listed_in_order_from_any_shard(monkeypatch):
    """Definitions that contradict themselves: listed by where they are, whichever shard found them."""
    text = "".join(f"define s{i}.a = s{i}.a + {i + 1}\nsource p{i}\n  s{i}.b = {i}\n" for i in range(40))
    one = _json(one_process_texts([("d.tally", text)]))
    assert json.loads(one)["summary"]["conflicts"] == 40
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 10)
    assert _json(check_texts([("d.tally", text)], run=Run(jobs=3, min_lines=0))) == one


def test_each_shard_keeps_the_declarations_of_its_quantities(monkeypatch):
    """Each story's one quantity is declared `amount`, and its one figure is not whole: as a
    count (the default) it would contradict itself."""
    text = "".join(f"amount k{i}\nsource s{i}\n  k{i} = {i}.5\n" for i in range(60))
    one = _json(one_process_texts([("kinds.tally", text)]))
    assert json.loads(one)["verdict"] == "consistent"
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 10)
    planned = _plan([("kinds.tally", text)], 2)
    assert len(planned) > 4
    for shard in planned:
        for line in shard[0]:
            if line % 3 == 0:  # a claim: its quantity's declaration is two lines up
                assert line - 2 in shard[0]
    assert _json(check_texts([("kinds.tally", text)], run=Run(jobs=2, min_lines=0))) == one


def test_an_indented_claim_attributed_to_a_source_named_as_a_statement(monkeypatch):
    """`  source: 5x = 5` under a source: the scan crashed (it dropped the statement word from
    the names after the attribution had taken it)."""
    text = "source p\n  source: 5x = 5\n  define: a = 2\n" + "".join(f"source s{i}\n  k{i} = {i}\n" for i in range(20))
    one = _json(one_process_texts([("w.tally", text)]))
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 6)
    assert _json(check_texts([("w.tally", text)], run=Run(jobs=2, min_lines=0))) == one


def test_a_big_file_is_scanned_in_stretches_side_by_side(tmp_path, monkeypatch):
    """Above SCAN_APART_CHARS a .tally file is scanned in one stretch per job, in workers."""
    from tallycheck.run import scan as scan_module

    texts = [("stories.tally", story_file(300, seed=4)), ("tricky.tally", tricky_file(120, seed=2))]
    one = _json(one_process_texts(texts))
    monkeypatch.setattr(run_check, "SCAN_APART_CHARS", 1000)
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 30)
    stretched = []
    original = scan_module.stretches
    monkeypatch.setattr(run_check, "stretches", lambda text, parts, rows: (
        lambda cut: (stretched.append(len(cut)), cut)[1])(original(text, parts, rows)))
    for jobs in (2, 3):
        assert _json(check_texts(texts, run=Run(jobs=jobs, min_lines=0))) == one
    assert stretched == [2, 2, 3, 3]  # each file in one stretch per job


def test_a_claim_naming_an_undeclared_source_is_reported_as_by_one_process(tmp_path, monkeypatch, shards):
    """The error lists every source of the input: the claim is checked where they all are."""
    f = tmp_path / "unknown.tally"
    f.write_text(story_file(100, seed=2) + "nosuch: s99.a = 5\nsource lonely\n  zz.q = 3\n  nobody: zz.r = 4\n",
                 encoding="utf-8")
    one = _json(one_process([str(f)]))
    assert "unknown source 'nosuch' (sources: lonely, src0, src1," in one
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 50)
    assert _json(check_paths([str(f)], run=Run(jobs=2, min_lines=0))) == one
    assert shards[0] > 4


def test_a_statement_that_cannot_be_read_ends_the_source_above_it_in_every_shard(tmp_path, monkeypatch):
    """Every line not indented closes the source above it, even one with an error or a
    claim: the indented claims after it mean what they mean to one process (no source)."""
    lines = []
    for i in range(200):
        lines += [f"source src{i}", f"  s{i}.a = {i}", f"  s{i}.b = {i + 1}"]
        lines += [f"define s{i}.c = = {i}" if i % 2 else f"define s{i}.c = s{i}.a + 1", f"  s{i}.d = 5"]
        if i % 3 == 0:
            lines += [f"source bad{i} \"B\" \"C\"", f"  s{i}.a = {i + 7}"]
        if i % 4 == 0:
            lines += [f"source more{i}", f"  s{i}.e = 2", f"src{i}: s{i}.e = 1", f"  s{i}.e = 3"]
    texts = [("bad.tally", "\n".join(lines) + "\n")]
    one = _json(one_process_texts(texts))
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 50)
    for jobs in (2, 3, 5):
        assert _json(check_texts(texts, run=Run(jobs=jobs, min_lines=0))) == one


def test_a_name_only_declared_goes_with_the_sum_over_its_prefix(monkeypatch):
    """`count s1.x.only` and `define s1.t >= sum(s1.x.*)`: the sum counts the declared name,
    so the shard that checks the sum keeps that declaration, whichever shard it is."""
    text = "".join(f"count s{i}.x.only\ndefine s{i}.t >= sum(s{i}.x.*)\nsource src{i}\n  s{i}.t = {i}\n"
                   for i in range(120))
    one = _json(one_process_texts([("sums.tally", text)]))
    assert "names no quantity" not in one
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 40)
    assert _json(check_texts([("sums.tally", text)], run=Run(jobs=2, min_lines=0))) == one


# --- the Dask engine: the same shards, on a cluster -------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def story_rows(stories: int, seed: int) -> tuple[str, str]:
    """A dataset (source, quantity, value, quote) and its rules: totals of parts, shares."""
    rnd = random.Random(seed)
    rows, rules = ["source,quantity,value,quote"], ["amount " + ", ".join(f"s{i}.share" for i in range(stories))]
    for i in range(stories):
        a, b = rnd.randint(1, 900), rnd.randint(1, 900)
        total = a + b - 5 * (rnd.random() < 0.1)
        rules.append(f"define s{i}.total = s{i}.a + s{i}.b")
        rows += [f"src{i},s{i}.total,\"{total:,}\",\"{total:,} in all\"", f"src{i}b,s{i}.a,{a},",
                 f"src{i}b,s{i}.b,more than {b - 1},"]
        if i % 13 == 0:
            rows.append(f"src{i},s{i}.b,twelve-ish,")  # a value the reader refuses
        if i % 17 == 0:
            rows.append(f"src{i},,{a},")  # a row with no quantity
    return "\n".join(rows) + "\n", "\n".join(rules) + "\n"


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_the_dask_engine_gives_the_same_report(tmp_path, cluster, capsys, monkeypatch, fmt, shards):
    """Read, checked and assembled on the workers: the same bytes as one process."""
    from tallycheck.cli import main

    monkeypatch.setattr(run_check, "MIN_LINES", 0)
    (tmp_path / "stories.tally").write_text(story_file(300, seed=9), encoding="utf-8")
    data, rules = story_rows(200, seed=9)
    (tmp_path / "claims.csv").write_text(data, encoding="utf-8")
    (tmp_path / "rules.tally").write_text(rules, encoding="utf-8")
    for path in (tmp_path, ROOT / "fixtures") if fmt == "json" else (tmp_path / "stories.tally",):
        unhurried = ["--set", "timeout=600"]  # (see UNHURRIED)
        assert main(["check", str(path), "--format", fmt, "--jobs", "1", *unhurried]) in (1, 2)
        one = capsys.readouterr().out
        assert main(["check", str(path), "--format", fmt, "--engine", "dask",
                     "--scheduler", cluster.scheduler_address, *unhurried]) in (1, 2)
        assert capsys.readouterr().out == one
    assert {"scan_items", "check_shard"} <= set(cluster.scheduler.task_prefixes)  # it ran there
    assert shards and all(n == 3 for n in shards)  # one shard per worker


def test_the_dask_engine_cuts_a_big_input_in_many_shards(tmp_path, cluster, monkeypatch, shards):
    texts = [("stories.tally", story_file(200, seed=5)), ("tricky.tally", tricky_file(100, seed=1))]
    one = _json(one_process_texts(texts))
    monkeypatch.setattr("tallycheck.run.plan.SHARD_LINES", 40)
    monkeypatch.setattr(run_check, "SCAN_APART_CHARS", 1000)
    run = Run(engine="dask", scheduler=cluster.scheduler_address, min_lines=0)
    assert _json(check_texts(texts, run=run)) == one
    assert _json(check_texts(texts, run=run, as_json=True)) == one
    assert shards[0] > 10


def test_a_task_holds_the_gil_in_long_slices_on_a_dask_worker_and_here(cluster):
    """A Dask worker's own threads took the GIL from a task every 5 ms (1M claims about 12%
    slower): a task runs with longer slices, the collector off, on a worker and in this
    process alike (the first scan runs here); afterwards both are as they were."""
    from tallycheck.run.executors import SLICE, Dask, _task

    def conditions() -> tuple:
        return round(sys.getswitchinterval(), 6), gc.isenabled()  # (kept in microseconds)

    before = conditions()
    with Dask(cluster.scheduler_address) as dask:
        assert dask.run(conditions, [(), ()], here=True) == [(SLICE, False)] * 2
    assert _task(conditions) == (SLICE, False)
    assert conditions() == before


def test_tasks_in_threads_of_one_process_put_back_what_the_first_found():
    """Tasks side by side in threads of one worker (``dask worker --nthreads 2``): the last one
    out puts back the GIL's slices and the collector, not the first."""
    from tallycheck.run.executors import SLICE, _task

    def conditions() -> tuple:
        return round(sys.getswitchinterval(), 6), gc.isenabled()  # (kept in microseconds)

    before, inside, release, seen = conditions(), threading.Event(), threading.Event(), []

    def long() -> None:
        inside.set()
        release.wait(10)
        seen.append(conditions())

    first = threading.Thread(target=_task, args=(long,))
    first.start()
    assert inside.wait(10)
    seen.append(_task(conditions))  # a second task begins and ends while the first runs
    assert conditions() == (SLICE, False)  # still the first's
    release.set()
    first.join(10)
    assert seen == [(SLICE, False)] * 2
    assert conditions() == before

def test_the_inputs_are_on_every_dask_worker_before_the_shards_start(cluster):
    """Every shard is given every input: each worker has them all before a shard begins,
    not fetched from another worker in the middle of one."""
    from tallycheck.run.executors import Dask

    with Dask(cluster.scheduler_address) as dask:
        shared = dask.share(["a text", "another"])
        assert [len(dask.client.who_has(f)[f.key]) for f in shared] == [len(cluster.workers)] * 2

def test_a_scheduler_that_cannot_be_reached_is_said_plainly(capsys, monkeypatch):
    from tallycheck.cli import main

    monkeypatch.setattr("tallycheck.run.executors.CONNECT_TIMEOUT", "1s")
    assert main(["check", str(ROOT / FIXTURES[0]), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and "Traceback" not in err
