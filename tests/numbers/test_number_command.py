"""`tallycheck number TEXT`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tallycheck.commands.number import command


def run(*args):
    return CliRunner().invoke(command, list(args))


def test_text_output():
    r = run("about", "1.2", "million")
    assert r.exit_code == 0
    out = r.stdout
    assert "text:     about 1.2 million" in out
    assert "value:    1200000" in out
    assert "interval: [1030000, 1370000]  (closed below, closed above)" in out
    assert "exact:    no" in out
    assert "rule:     about: rounding interval of 1.2 million widened by 10% of 1.2 million" in out


def test_quoted_text_is_the_same_as_words():
    assert run("about 1.2 million").stdout == run("about", "1.2", "million").stdout


def test_json_output():
    r = run("--format", "json", "1.2 million")
    assert r.exit_code == 0
    assert json.loads(r.stdout) == {
        "text": "1.2 million", "value": "1200000", "low": "1150000", "high": "1250000", "low_open": False,
        "high_open": False, "exact": False, "kind": "number",
        "rule": "rounded at the last shown digit (tenths of a million): ±0.05 million", "currency": None,
    }


def test_json_fractions_and_open_ends():
    d = json.loads(run("--format", "json", "a third").stdout)
    assert (d["value"], d["low"], d["high"], d["exact"]) == ("1/3", "1/3", "1/3", True)
    d = json.loads(run("--format", "json", "more than 200").stdout)
    assert (d["low"], d["high"], d["low_open"], d["high_open"]) == ("200", None, True, True)
    d = json.loads(run("--format", "json", "dozens").stdout)
    assert d["value"] is None and (d["low"], d["high"]) == ("24", "99")


def test_open_interval_in_text_output():
    out = run("fewer than 150").stdout
    assert "interval: [0, 150)  (closed below, open above)" in out
    assert "exact:    no" in out
    out = run("248").stdout
    assert "exact:    yes" in out and "interval: [248, 248]" in out


def test_negative_number_is_not_an_option():
    r = run("-12")
    assert r.exit_code == 0 and "value:    -12" in r.stdout


def test_options():
    out = run("--approximate", "5%", "about 200").stdout
    assert "interval: [190, 210]" in out
    out = run("--decimal-comma", "12,5").stdout
    assert "value:    12.5" in out
    out = run("--count", "more than 200").stdout
    assert "interval: [201, inf)" in out
    r = run("--approximate", "ten", "about 200")
    assert r.exit_code == 2


def test_refusal():
    r = run("12,5")
    assert r.exit_code == 2
    assert r.stdout == ""
    err = r.stderr
    assert err.startswith("tallycheck number: cannot read '12,5': ")
    assert "decimal comma" in err and "decimal_comma = true" in err
    assert "    12,5\n    ^^^^\n" in err


def test_refusal_caret_points_at_the_part():
    r = run("248 soldiers")
    assert r.exit_code == 2
    assert "    248 soldiers\n        ^^^^^^^^\n" in r.stderr


def test_refusal_of_a_huge_input_is_short():
    r = run("9" * 10_000)
    assert r.exit_code == 2
    assert len(r.stderr) < 1000 and "digits" in r.stderr
