"""Names that may be misspelt (issue 11 item 6): a quantity that one claim alone names, whose
name is close to another quantity's, gets a located warning ("did you mean …?"); `--strict`,
`set strict true` and a config file's `strict` make it an error (exit 2).  The closeness rule
is in tallycheck/build/typos.py."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tallycheck.build import typos
from tallycheck.cli import main
from tallycheck.pipeline import check_paths, check_texts

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "fixtures/checker/misspelt-name.tally"
MESSAGE = "`kiled` appears only here; did you mean `killed`?"


def run_cli(*argv: str, cwd: Path = ROOT) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        os.chdir(here)
    return code, out.getvalue(), err.getvalue()


def warnings_of(text: str, name: str = "story.tally") -> list[str]:
    return [d.message for d in check_texts([(name, text)]).warnings]


# --- the fixture, through the command line ------------------------------------------------

def test_the_misspelt_name_is_a_located_warning_and_the_verdict_stands():
    code, out, err = run_cli("check", FIXTURE, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["verdict"] == "consistent", err
    assert report["warnings"] == [
        {"file": FIXTURE, "line": 11, "column": 3, "code": "typo", "message": MESSAGE},
    ]
    assert report["summary"]["warnings"] == 1 and report["errors"] == []


def test_spelt_right_the_story_contradicts_itself():
    """What the warning is for: the hospital's 41 contradicts the police's 40."""
    text = (ROOT / FIXTURE).read_text(encoding="utf-8").replace("kiled = 41", "killed = 41")
    report = check_texts([("story.tally", text)])
    assert report.verdict == "contradiction" and report.warnings == ()


def test_text_report_shows_the_warning_with_its_line_and_caret():
    code, out, _ = run_cli("check", FIXTURE)
    assert code == 0
    assert f"{FIXTURE}:11:3: warning: {MESSAGE}\n      kiled = 41\n      ^^^^^\n" in out
    assert "✓ CONSISTENT  (1 warning)" in out


@pytest.mark.parametrize("how", ["--strict", "--set=strict=true", "set-line", "config"])
def test_strict_makes_the_warning_an_error(how, tmp_path):
    (tmp_path / ".git").mkdir()  # the search for a project file stops here
    text = (ROOT / FIXTURE).read_text(encoding="utf-8")
    argv = ["check", "story.tally", "--format", "json"]
    if how == "set-line":
        text = "set strict true\n" + text
    elif how == "config":
        (tmp_path / "pyproject.toml").write_text("[tool.tallycheck]\nstrict = true\n", encoding="utf-8")
    else:
        argv.append(how)
    (tmp_path / "story.tally").write_text(text, encoding="utf-8")
    code, out, err = run_cli(*argv, cwd=tmp_path)
    report = json.loads(out)
    assert code == 2 and report["verdict"] == "error", err
    assert report["warnings"] == []
    (error,) = report["errors"]
    assert error["code"] == "typo" and error["message"].startswith(MESSAGE)
    assert "strict" in error["message"]


def test_strict_without_warnings_changes_nothing():
    code, out, _ = run_cli("check", "fixtures/consistent-story.tally", "--strict", "--format", "json")
    assert code == 0 and json.loads(out)["verdict"] == "consistent"


def test_strict_shows_the_warning_as_an_error_in_every_format():
    for fmt, shown in [("github", "::error file=fixtures/checker/misspelt-name.tally,line=11,col=3,title=tallycheck%3A typo::"),
                       ("sarif", '"level": "error"'), ("junit", '<error type="typo"'), ("markdown", "### Input errors (1)"),
                       ("html", '<section id="errors">'), ("text", "error: `kiled` appears only here")]:
        code, out, _ = run_cli("check", FIXTURE, "--strict", "--format", fmt)
        assert code == 2 and shown in out, fmt


# --- no false warning ----------------------------------------------------------------------

def every_fixture() -> list[str]:
    found = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures").rglob("*.tally") if "articles" not in p.parts
                   and "election" not in p.parts)
    found += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*.tally"))
    return found + ["fixtures/articles", "fixtures/election"]


@pytest.mark.parametrize("path", every_fixture())
def test_no_warning_on_any_other_fixture(path):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        report = check_paths([path])
    finally:
        os.chdir(cwd)
    expected = [MESSAGE] if path == FIXTURE else []
    assert [d.message for d in report.warnings] == expected, path


# --- the rule --------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("kiled", "killed"),  # a letter lost
    ("killled", "killed"),  # a letter doubled
    ("kilbed", "killed"),  # a letter replaced
    ("klilled", "killed"),  # two neighbours swapped
    ("Killed", "killed"),  # case
    ("votes.labuor", "votes.labour"),  # in one segment of a hierarchy
    ("kiled.civilians", "killed.civilians"),
    ("killed_civilans", "killed_civilians"),  # in one word of a segment
    ("killedcivilians", "killed_civilians"),  # a separator lost
    ("killed-civilians", "killed_civilians"),  # a separator changed
    ("death", "deaths"),
    ("round1.turnuot", "round1.turnout"),  # digits the same on both sides
])
def test_close(a, b):
    assert typos.close(a, b) and typos.close(b, a)


@pytest.mark.parametrize("a,b", [
    ("votes.a", "votes.b"),  # a hierarchy's short labels
    ("votes.ab", "votes.ac"),
    ("returned.swap", "released.swap"),  # different words
    ("men_killed", "women_killed"),
    ("north", "south"),
    ("male", "female"),
    ("yes", "yse"),  # fewer than four letters
    ("round1", "round2"),  # numbered series
    ("budget.2023", "budget.2024"),
    ("district12.votes", "district13.votes"),
    ("killed", "killed.civilians"),  # a part and its whole
    ("kiled.civilians", "killed.soldiers"),  # two segments differ
    ("killed_civilans", "kiled_civilians"),  # two words differ
    ("participation", "partcipaton"),  # two slips
    ("killed", "killed"),
])
def test_not_close(a, b):
    assert not typos.close(a, b) and not typos.close(b, a)


def test_a_typo_under_a_sum_of_a_hierarchy_is_caught():
    """`sum(votes.*)` would quietly take the misspelt name in: it writes no name itself."""
    text = ("define votes.total = sum(votes.*)\n"
            "source a\n  votes.labour = 500\n  votes.green = 200\n  votes.total = 1200\n"
            "source b\n  votes.labour = 500\n  votes.green = 200\n  votes.labuor = 500\n")
    assert warnings_of(text) == ["`votes.labuor` appears only here; did you mean `votes.labour`?"]


def test_two_names_each_written_once_both_warned_each_naming_the_other():
    text = "source a\n  killed = 40\nsource b\n  kiled = 41\n"
    assert sorted(warnings_of(text)) == [
        "`kiled` appears only here; did you mean `killed` (also named only once, at story.tally:2:3)?",
        "`killed` appears only here; did you mean `kiled` (also named only once, at story.tally:4:3)?",
    ]


def test_the_suggestion_is_the_name_written_most_often():
    text = "source a\n  kiled = 1\n  killed = 2\n  killed = 2\nsource b\n  kilted = 3\n  kilted = 3\n  kilted = 3\n"
    assert warnings_of(text) == ["`kiled` appears only here; did you mean `kilted`?"]


def test_a_declared_name_is_written_twice():
    assert warnings_of("count kiled\nsource a\n  killed = 40\n  killed = 40\nsource b\n  kiled = 41\n") == []


def test_every_form_of_claim_writes_its_names():
    """`killed` and `skilled` are close, but each is written twice -- by a definition, a
    phrase, a tag: no warning.  Written once, each would get one."""
    text = ("define total = killed + skilled\n"
            "source a\n  more than 30 killed\n  total = 100 \"100 people, {skilled = 60} of them\"\n")
    assert check_texts([("story.tally", text)]).errors == ()
    assert warnings_of(text) == []
    assert warnings_of(text.replace("{skilled = 60}", "60")) == [
        "`skilled` appears only here; did you mean `killed`?"]
    assert warnings_of(text.replace("more than 30 killed", "more than 30 dead")) == [
        "`killed` appears only here; did you mean `skilled`?"]


def test_the_warning_is_located_at_the_name_in_its_claim():
    report = check_texts([("story.tally", "source a\n  killed = 40\n  killed >= 1\nsource b\n  x + kiled = 41\n")])
    (d,) = report.warnings
    assert (d.location.line, d.location.column, d.location.end_column) == (5, 7, 12)
    assert d.severity == "warning" and d.source_line == "  x + kiled = 41"


# --- deterministic, whatever the order of the lines -----------------------------------------

NAMES = ["killed", "kiled", "wounded", "wonded", "votes.labour", "votes.labuor", "votes.a", "votes.b",
         "round1", "round2", "displaced", "dispalced", "Killed"]


@settings(max_examples=60, deadline=None)
@given(claims=st.lists(st.tuples(st.sampled_from(NAMES), st.integers(0, 9)), min_size=1, max_size=12),
       seed=st.integers(0, 10**6))
def test_the_warnings_do_not_depend_on_the_order_of_the_lines(claims, seed):
    def warned(lines):
        text = "source a\n" + "".join(f"  {name} = {value}\n" for name, value in lines)
        report = check_texts([("story.tally", text)])
        return sorted(d.message.split(" (also")[0] for d in report.warnings)

    shuffled = list(claims)
    random.Random(seed).shuffle(shuffled)
    assert warned(claims) == warned(shuffled)


# --- no comparison of every pair --------------------------------------------------------------

def _counting_close(monkeypatch) -> list[int]:
    calls = [0]
    real = typos.close

    def counted(a, b):
        calls[0] += 1
        return real(a, b)

    monkeypatch.setattr(typos, "close", counted)
    return calls


def test_many_names_are_not_compared_pair_by_pair(monkeypatch):
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(5, 12))) + "." + rng.choice(("total", "killed"))
                    for _ in range(5000)})
    calls = _counting_close(monkeypatch)
    typos.close_names(names, names)
    assert calls[0] < 2 * len(names)  # all pairs would be 12.5 million


def test_a_bucket_shared_by_thousands_of_names_is_bounded(monkeypatch):
    """`killX` for 3,000 letters X: every pair is close, yet each name is compared with a few only."""
    names = [f"kill{chr(0x4E00 + i)}" for i in range(3000)]
    calls = _counting_close(monkeypatch)
    found = typos.close_names(names, names)
    assert len(found) == len(names)
    assert calls[0] <= (typos._MOST + 1) * len(names)


def test_a_numbered_series_is_not_compared_pair_by_pair(monkeypatch):
    """An election's precincts ``votes.r0.d0.p0`` … ``p29``, each named once: their digits
    differ, so no two are compared (compared each with each, 100k precincts took the search
    from 1.7 to 3.8 s)."""
    names = [f"votes.r0.d0.p{p}" for p in range(30)]
    calls = _counting_close(monkeypatch)
    assert typos.close_names(names, names) == {}
    assert calls[0] == 0


# --- checked in parts -------------------------------------------------------------------------

def _story_in_parts() -> str:
    lines = ["source police", "  killed = 40", "  killed >= 30"]
    for i in range(300):
        lines += [f"source s{i}", f"  story{i}.total = {i + 10}"]
    return "\n".join(lines + ["source hospital", "  kiled = 41"]) + "\n"


def test_checked_in_one_process_the_warning_is_found():
    from tallycheck.run.check import Run, check_texts

    report = check_texts([("big.tally", _story_in_parts())], run=Run(jobs=1, min_lines=0))
    assert [d.message for d in report.warnings] == [MESSAGE]


def test_checked_in_shards_the_same_warning_is_found():
    from tallycheck.run.check import Run, check_texts

    report = check_texts([("big.tally", _story_in_parts())], run=Run(jobs=2, min_lines=0))
    assert [d.message for d in report.warnings] == [MESSAGE]


def _in_shards_and_one_process(text: str, options=None):
    from tallycheck.options import Options
    from tallycheck.run.check import Run, check_texts

    options = options or Options()
    one = check_texts([("big.tally", text)], options, run=Run(jobs=1))
    sharded = check_texts([("big.tally", text)], options, run=Run(jobs=2, min_lines=0))
    return one, sharded


def test_in_shards_a_name_written_once_in_each_of_two_shards_is_no_typo():
    text = _story_in_parts().replace("  kiled = 41", "  kiled = 41\nsource ngo\n  kiled = 42")
    one, sharded = _in_shards_and_one_process(text)
    assert one.warnings == sharded.warnings == ()


def test_in_shards_a_declaration_counts_once_though_every_shard_reads_it():
    text = "count kiled\n" + _story_in_parts()  # declared and claimed: written twice, no warning
    one, sharded = _in_shards_and_one_process(text)
    assert one.warnings == sharded.warnings == ()
    text = "count killd\n" + _story_in_parts()  # declared only: no quantity, named in the suggestion
    one, sharded = _in_shards_and_one_process(text)
    assert [d.message for d in sharded.warnings] == [d.message for d in one.warnings] != []


def test_in_shards_strict_makes_the_warning_an_error():
    from tallycheck.options import Options

    one, sharded = _in_shards_and_one_process(_story_in_parts(), Options(strict=True))
    assert sharded.warnings == () and [d.message for d in sharded.errors] == [d.message for d in one.errors]
    assert [d.message for d in sharded.errors] == [MESSAGE + " (strict: every warning is an error)"]


# --- the search finds what the rule says, no more, no less ------------------------------------

_PIECES = ["kill", "killed", "kiled", "klled", "k1lled", "votes", "vote", "a", "b", "x2", "x3", "-", "_", "K"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join),
                         min_size=1, max_size=3).map(".".join), min_size=2, max_size=30, unique=True),
       st.data())
def test_the_search_finds_every_close_pair_and_only_those(names, data):
    candidates = data.draw(st.lists(st.sampled_from(names), unique=True))
    expected = {a: sorted(b for b in names if typos.close(a, b)) for a in candidates}
    expected = {a: near for a, near in expected.items() if near}
    assert typos.close_names(candidates, names) == expected



@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join),
                         min_size=1, max_size=3).map(".".join), min_size=2, max_size=30, unique=True),
       st.data())
def test_the_warnings_of_parts_are_those_of_the_whole(names, data):
    """Each statement is in one part; a name written in two parts, or declared in one, is no
    candidate; the warnings over the parts are those of one process."""
    from tallycheck.diagnostics import Location

    k = data.draw(st.integers(1, 4))
    statements = [(name, data.draw(st.integers(0, k - 1))) for name in names
                  for _ in range(data.draw(st.integers(1, 3)))]
    declared = set(data.draw(st.lists(st.sampled_from(names), max_size=3)))

    def part_of(mine, declares):
        counts = {}
        for name, _ in mine:
            counts[name] = counts.get(name, 0) + 1
        once = {name: (Location("f", 1 + names.index(name), 1, 1 + len(name)), None, True)
                for name, n in counts.items() if n == 1}
        where = {name: {Location("f", 100, 1): Location("f", 100, 7)} for name in declares}
        return typos.Written(counts, where, once)

    parts = [part_of([st_ for st_ in statements if st_[1] == i], declared) for i in range(k)]
    assert typos.warnings_for(parts) == typos.warnings_for([part_of(statements, declared)])
