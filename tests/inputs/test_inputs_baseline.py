"""Baselines: known conflicts are shown as known and do not fail; new ones do; moving claims keeps them known."""

import json

import pytest
from inputs_testkit import FIXTURES, no_traceback, write

SEED = (FIXTURES / "prisoner-exchange.tally").read_text(encoding="utf-8")


@pytest.fixture
def seed(tmp_path):
    return write(tmp_path, "claims.tally", SEED)


def test_write_then_check_against_the_baseline(run, seed, tmp_path):
    base = tmp_path / "baseline.json"
    r = run("check", seed, "--write-baseline", base, "--format", "json")
    assert r.code == 0, r
    assert r.json["verdict"] == "contradiction"  # the report itself is unchanged
    assert r.err.strip() == f"wrote baseline {base}: 1 conflict"
    data = json.loads(base.read_text(encoding="utf-8"))
    (entry,) = data["conflicts"]
    assert entry["sources"] == ["moskalkova", "simonyan"] and entry["quantities"] == ["released.extra"]
    assert entry["claims"] == [{"source": "moskalkova", "claim": "{released.extra = 0}"},
                               {"source": "simonyan", "claim": "five{released.extra}"}]
    assert "\"line\"" not in base.read_text(encoding="utf-8") and ".tally" not in base.read_text(encoding="utf-8")

    r = run("check", seed, "--baseline", base, "--format", "json")
    assert r.code == 0, r
    assert r.json["conflicts"] == [] and r.json["verdict"] == "consistent"
    assert r.json["summary"]["known_conflicts"] == 1  # the report says what the baseline holds back
    assert f"baseline {base}: 1 known conflict (not failing), 0 new" in r.err
    assert "known: moskalkova and simonyan on released.extra" in r.err
    assert "claims.tally:13:81  simonyan  five{released.extra}" in r.err
    json.loads(r.out)  # stdout holds only the report


def test_moving_claims_around_keeps_a_known_conflict_known(run, seed, tmp_path):
    base = tmp_path / "baseline.json"
    assert run("check", seed, "--write-baseline", base).code == 0
    lines = SEED.split("\n")
    # the sources in another order, blank lines and comments added: every line number changes
    head, mod, sim, mos = lines[:7], lines[7:10], lines[10:14], lines[14:]
    moved = "\n".join(head + ["# moved", ""] + mos + [""] + sim + ["", ""] + mod)
    assert moved != SEED
    write(seed.parent, "claims.tally", moved)
    r = run("check", seed, "--baseline", base, "--format", "json")
    assert r.code == 0, r
    assert "1 known conflict (not failing), 0 new" in r.err
    # and into two files
    write(seed.parent, "claims.tally", "\n".join(head + mod + sim))
    write(seed.parent, "more.tally", "\n".join(mos))
    r = run("check", seed.parent, "--baseline", base)
    assert r.code == 0, r
    assert "1 known conflict (not failing), 0 new" in r.err


def test_a_changed_figure_is_a_new_conflict_and_fails(run, seed, tmp_path):
    base = tmp_path / "baseline.json"
    run("check", seed, "--write-baseline", base)
    write(seed.parent, "claims.tally", SEED.replace("five{released.extra}", "four{released.extra}"))
    r = run("check", seed, "--baseline", base, "--format", "json")
    assert r.code == 1, r
    (conflict,) = r.json["conflicts"]
    assert any(c["text"] == "four{released.extra}" for c in conflict["claims"])
    assert "0 known conflicts (not failing), 1 new" in r.err
    assert "1 conflict of the baseline is no longer found" in r.err


def test_new_conflicts_fail_while_known_ones_do_not(run, seed, tmp_path):
    base = tmp_path / "baseline.json"
    run("check", seed, "--write-baseline", base)
    write(seed.parent, "claims.tally", SEED + "\nsource tass\n  returned = 250\n")
    r = run("check", seed, "--baseline", base, "--format", "json")
    assert r.code == 1, r
    assert all("tass" in c["sources"] for c in r.json["conflicts"]) and r.json["conflicts"]
    assert "1 known conflict (not failing)" in r.err


def test_election_and_articles_baselines(run, tmp_path):
    for fixture, known in (("fixtures/election", 4), ("fixtures/articles", 1)):
        base = tmp_path / "b.json"
        assert run("check", fixture, "--write-baseline", base).code == 0
        r = run("check", fixture, "--baseline", base)
        assert r.code == 0, r
        assert f"{known} known conflict" in r.err


@pytest.mark.parametrize("content, where, words", [
    ("{not json", ":1:2:", "the baseline is not valid JSON"),
    ('{"conflicts": []}', ":1:1:", "not a tallycheck baseline"),
    ('{"tallycheck_baseline": 1, "conflicts": [{}]}', ":1:1:", "conflict 1 of the baseline has no fingerprint"),
])
def test_a_bad_baseline_is_a_located_error(run, seed, tmp_path, content, where, words):
    base = write(tmp_path, "b.json", content)
    r = run("check", seed, "--baseline", base)
    assert r.code == 2, r
    no_traceback(r)
    assert f"{base}{where} error: {words}" in r.out


def test_missing_baseline_both_options_and_writing_with_input_errors(run, seed, tmp_path):
    r = run("check", seed, "--baseline", tmp_path / "none.json")
    assert r.code == 2 and "cannot read the baseline" in r.out
    r = run("check", seed, "--baseline", "a.json", "--write-baseline", "b.json")
    assert r.code == 2 and "give --baseline or --write-baseline, not both" in r.err
    bad = write(tmp_path, "bad.tally", "source a\n  x = = 3\n")
    target = tmp_path / "never.json"
    r = run("check", bad, "--write-baseline", target)
    assert r.code == 2 and "baseline not written: the input has errors" in r.err
    assert not target.exists()


def test_the_text_report_says_known_conflicts_were_held_back(run, seed, tmp_path):
    base = tmp_path / "baseline.json"
    assert run("check", seed, "--write-baseline", base).code == 0
    r = run("check", seed, "--baseline", base)
    assert r.code == 0
    assert "✓ CONSISTENT  (and 1 known conflict from the baseline, listed on stderr)" in r.out
