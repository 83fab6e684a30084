"""Hostile family: options and limits.  No option turns a contradiction off (issue 12, item 3).

A limit that would hide conflicts is refused wherever it is written; a part cut by a limit
is `unknown` and fails the run unless `--allow-unknown`; a `set` line inside an input may
only make the run stricter (tallycheck.options.IN_INPUTS, docs/security.md).
"""

from __future__ import annotations

import json

import pytest
from hostile_testkit import hostile, write

from tallycheck.build.builder import build
from tallycheck.options import Options
from tallycheck.pipeline import check_texts
from tallycheck.read.parse import parse_document
import tallycheck.pipeline as pipeline
from tallycheck.solve.problem import Outcome, Undecided

CONTRADICTION = "source a\n  x = 5\nsource b\n  x = 6\n"
# about 100 (10%: [90, 110]) against 108: consistent at 10%, a contradiction at 5%
ABOUT = "source a\n  x ~ 100\nsource b\n  x = 108\n"
# six places p..u, each 0 to 4 and all different, cannot be (six pigeons, five holes); branch
# and bound needs far more than 100 branches to prove it: undecided at max_nodes 100
_PLACES = "pqrstu"
UNDECIDED = "source h\n" + "".join(f"  {x} <= 4\n" for x in _PLACES) + "".join(
    f"  {x} != {y}\n" for i, x in enumerate(_PLACES) for y in _PLACES[i + 1:])


@pytest.mark.parametrize("extra, argv, message", [
    ("set max_conflicts 0\n", [], "max_conflicts must be at least 1, not 0"),
    ("set timeout 0\n", [], "timeout must be at least 1 second, not 0"),
    ("set timeout 0.5\n", [], "timeout must be at least 1 second, not 0.5"),
    ("set max_nodes 0\n", [], "max_nodes must be at least 5, not 0"),
    ("set max_nodes 4\n", [], "max_nodes must be at least 5, not 4"),
    ("", ["--set", "max_conflicts=0"], "max_conflicts must be at least 1"),
    ("", ["--set", "timeout=0"], "timeout must be at least 1 second"),
    ("", ["--set", "max-nodes=1"], "max_nodes must be at least 5"),
    ("", ["--set", "approximate=400%"], "approximate must be at most 50%"),
    ("set approximate 90%\n", [], "approximate must be at most 50%"),
])
def test_a_limit_that_would_hide_a_contradiction_is_refused(tmp_path, extra, argv, message):
    write(tmp_path, "claims.tally", CONTRADICTION)
    write(tmp_path, "options.tally", extra or "# nothing\n")
    r = hostile(tmp_path, ["check", "claims.tally", "options.tally", *argv, "--format", "sarif"], code=2,
                message=message)
    assert "CONSISTENT" not in r.out


@pytest.mark.parametrize("config, text", [
    ("pyproject.toml", '[tool.tallycheck]\nmax_conflicts = 0\n'),
    ("setup.cfg", "[tool:tallycheck]\ntimeout = 0\n"),
])
def test_a_project_file_cannot_set_a_limit_below_its_floor(tmp_path, config, text):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "claims.tally", CONTRADICTION)
    write(tmp_path, config, text)
    hostile(tmp_path, ["check", "claims.tally"], code=2, message=f"{config}:2:1: error:")


@pytest.mark.parametrize("value", ["2²", "١٠٠٠", "１０", "10_000", "-5", "1e3"])
def test_a_whole_number_is_written_with_ascii_digits(tmp_path, value):
    write(tmp_path, "claims.tally", f"set max_nodes {value}\n" + CONTRADICTION)
    hostile(tmp_path, ["check", "claims.tally"], code=2,
            message="claims.tally:1:5: error: max_nodes takes a whole number (digits 0-9")
    hostile(tmp_path, ["check", "claims.tally", "--set", f"max_conflicts={value}"], code=2,
            message="<command line>: error: max_conflicts takes a whole number")


@pytest.mark.parametrize("line, message", [
    ("set approximate 20%", "an input may not raise approximate above the run's 10%"),
    ("set timeout 50", "an input may not raise timeout above the run's 5 seconds"),
    ("set max_nodes 20000", "an input may not raise max_nodes above the run's 10000"),
    ("set max_conflicts 21", "an input may not raise max_conflicts above the run's 20"),
    ("set allow_unknown true", "allow_unknown cannot be set inside an input"),
    ("set allow-unknown false", "allow_unknown cannot be set inside an input"),
    ("set value_column figure", "value_column cannot be set inside an input: it names a column"),
])
def test_an_input_may_not_loosen_an_option(tmp_path, line, message):
    write(tmp_path, "claims.tally", f"{line}\n" + ABOUT)
    hostile(tmp_path, ["check", "claims.tally", "--format", "json"], code=2, message=message)


def test_an_input_may_not_loosen_what_the_config_set(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "pyproject.toml", '[tool.tallycheck]\napproximate = "5%"\ntimeout = 2\n')
    write(tmp_path, "claims.tally", "set approximate 10%\n" + ABOUT)
    hostile(tmp_path, ["check", "claims.tally"], code=2, message="may not raise approximate above the run's 5%")
    write(tmp_path, "claims.tally", "set timeout 3\n" + ABOUT)
    hostile(tmp_path, ["check", "claims.tally"], code=2, message="may not raise timeout above the run's 2 seconds")
    hostile(tmp_path, ["check", "claims.tally", "--set", "timeout=3"], code=1)  # the command line may


def test_an_input_may_tighten_the_tolerance_of_its_own_numbers(tmp_path):
    write(tmp_path, "claims.tally", "set approximate 5%\n" + ABOUT)
    hostile(tmp_path, ["check", "claims.tally"], code=1, message="CONTRADICTION")
    write(tmp_path, "claims.tally", "set approximate 0%\n" + ABOUT)
    hostile(tmp_path, ["check", "claims.tally"], code=1, message="CONTRADICTION")
    write(tmp_path, "claims.tally", "set decimal_comma true\n" + ABOUT)  # the file's own notation
    hostile(tmp_path, ["check", "claims.tally"], code=0, message="CONSISTENT")


def test_an_undecided_part_fails_the_run_unless_allowed(tmp_path):
    write(tmp_path, "claims.tally", UNDECIDED)
    for fmt in ("text", "sarif", "junit", "github"):  # what a CI job reads
        hostile(tmp_path, ["check", "claims.tally", "--format", fmt, "--set", "max_nodes=100"], code=1)
    r = hostile(tmp_path, ["check", "claims.tally", "--set", "max_nodes=100", "--format", "json"], code=1)
    assert json.loads(r.out)["verdict"] == "unknown"
    hostile(tmp_path, ["check", "claims.tally", "--set", "max_nodes=100", "--allow-unknown"], code=0,
            message="UNDECIDED")
    hostile(tmp_path, ["check", "claims.tally", "--set", "max_nodes=100", "--set", "allow_unknown=true"], code=0)
    write(tmp_path, "tally.toml", 'max_nodes = 100\nallow_unknown = true\n')
    hostile(tmp_path, ["check", "claims.tally", "--config", "tally.toml"], code=0)


def test_a_contradiction_still_fails_with_allow_unknown(tmp_path):
    write(tmp_path, "claims.tally", CONTRADICTION)
    write(tmp_path, "hard.tally", UNDECIDED)
    hostile(tmp_path, ["check", "claims.tally", "hard.tally", "--set", "max_nodes=100", "--allow-unknown"], code=1,
            message="CONTRADICTION")


def test_an_input_lowers_a_limit_only_while_undecided_parts_fail(tmp_path):
    write(tmp_path, "claims.tally", "set max_nodes 100\n" + UNDECIDED)
    hostile(tmp_path, ["check", "claims.tally"], code=1, message="more than 100 branches")
    hostile(tmp_path, ["check", "claims.tally", "--allow-unknown"], code=2,
            message="max_nodes cannot be set inside an input when undecided parts are allowed")


def test_writing_a_baseline_with_an_undecided_part_fails_unless_allowed(tmp_path):
    inputs, baseline = tmp_path / "in", tmp_path / "b.json"  # the baseline is written outside the inputs
    write(inputs, "claims.tally", CONTRADICTION + UNDECIDED)
    r = hostile(inputs, ["check", "claims.tally", "--set", "max_nodes=100", "--write-baseline", baseline], code=1)
    assert "not recorded: p, q, r, s, t, u undecided (more than 100 branches" in r.err, r
    assert json.loads(baseline.read_text())["conflicts"]
    hostile(inputs, ["check", "claims.tally", "--set", "max_nodes=100", "--allow-unknown", "--write-baseline",
                     baseline], code=0)


# three sources, three figures: three conflicts in one part ({a, b}, {a, c}, {b, c})
THREE = "source a\n  x = 1\nsource b\n  x = 2\nsource c\n  x = 3\n"


def test_a_baseline_does_not_hide_new_conflicts_behind_a_stopped_search(tmp_path):
    inputs, baseline = tmp_path / "in", tmp_path / "b.json"
    write(inputs, "claims.tally", "source a\n  x = 1\nsource c\n  x = 3\n")
    hostile(inputs, ["check", "claims.tally", "--write-baseline", baseline], code=0)
    write(inputs, "claims.tally", THREE)  # two new conflicts; with max_conflicts 1 only {a, c} is found
    r = hostile(inputs, ["check", "claims.tally", "--baseline", baseline, "--set", "max_conflicts=1",
                         "--format", "json"], code=1)
    report = json.loads(r.out)
    assert report["verdict"] == "unknown", r  # the conflicts found are known; those not found may be new
    (cut,) = report["unknowns"]
    assert cut["stage"] == "conflicts" and cut["reason"] == "stopped after 1 conflict (max_conflicts)"
    hostile(inputs, ["check", "claims.tally", "--baseline", baseline], code=1, message="CONTRADICTION")


def test_writing_a_baseline_whose_search_stopped_says_so_and_fails(tmp_path):
    inputs = tmp_path / "in"
    write(inputs, "claims.tally", THREE)
    r = hostile(inputs, ["check", "claims.tally", "--set", "max_conflicts=1", "--write-baseline",
                         tmp_path / "b.json"], code=1)
    assert "not all recorded: the search for the conflicts of x stopped early (stopped after 1 conflict (max_conflicts))" in r.err


def test_a_contradiction_beside_undecidable_definitions_is_still_a_contradiction(tmp_path):
    # the claims contradict, but the definitions they share a part with cannot be decided
    # alone, so no minimal conflict is found: the part is one conflict, never "consistent"
    # (x is 10 more than one of six places that cannot all differ within 0..4: deciding the
    # definitions alone takes far more than 100 branches)
    places = "".join(f"define {line[2:]}\n" for line in UNDECIDED.splitlines()[1:])
    write(tmp_path, "claims.tally", "define x = p + 10\n" + places + "source a\n  x = 15\nsource b\n  x = 16\n")
    r = hostile(tmp_path, ["check", "claims.tally", "--set", "max_nodes=100", "--allow-unknown", "--format", "json"],
                code=1)
    (conflict,) = json.loads(r.out)["conflicts"]
    assert [c["text"] for c in conflict["claims"]] == ["x = 15", "x = 16"], r
    assert conflict["minimal"] is False
    assert "cannot all hold" in conflict["explanation"]


def test_a_contradiction_the_limits_could_not_narrow_is_still_a_contradiction(monkeypatch):
    real = pipeline.solve_component

    def out_of_time(part, options):  # as when the clock runs out between the decision and the search
        outcome = real(part, options)
        if outcome.status != "unsat":
            return outcome
        cut = Undecided(frozenset(), part.variables, "conflicts", "timeout", "more than 5 seconds (timeout)")
        return Outcome("unsat", outcome.ranges, (), (cut,))

    monkeypatch.setattr(pipeline, "solve_component", out_of_time)
    report = check_texts([("a.tally", CONTRADICTION)])
    assert report.verdict == "contradiction" and report.exit_code == 1
    (conflict,) = report.conflicts
    assert [c.text for c in conflict.claims] == ["x = 5", "x = 6"]
    assert "these 2 claims cannot all hold" in conflict.explanation


def test_limits_lowered_by_inputs_are_the_lowest_in_any_order():
    docs = [parse_document("set timeout 3\nset max_nodes 5000\n", "a.tally"),
            parse_document("set timeout 2\n", "b.tally"), parse_document("set max_conflicts 4\n", "c.tally")]
    for order in (docs, docs[::-1]):
        options = build(order, Options()).options
        assert (options.timeout, options.max_nodes, options.max_conflicts) == (2, 5000, 4)
        assert options.approximate == Options().approximate  # a file's tolerance is its own


def test_a_limit_of_one_is_said_in_the_singular():
    """`set timeout 1` (the least allowed) and `set max_nodes 1`: what an unknown says."""
    from tallycheck.solve.budget import nodes_reason, time_reason

    assert time_reason(1) == "more than 1 second (timeout)"
    assert time_reason(5) == "more than 5 seconds (timeout)"
    assert nodes_reason(1) == "more than 1 branch in one decision (max_nodes)"
    assert nodes_reason(200) == "more than 200 branches in one decision (max_nodes)"
