"""Bad input answers with exit 2 and a located, plain message, never a traceback."""

import pytest


def _no_traceback(r):
    assert "Traceback" not in r.out + r.err
    assert "internal error" not in r.out + r.err


def test_syntax_errors_are_all_reported_with_location_and_caret(run):
    r = run("check", "fixtures/bad/syntax-errors.tally")
    assert r.code == 2
    _no_traceback(r)
    out = r.out
    assert "fixtures/bad/syntax-errors.tally:3:12: error: unexpected '248'" in out
    assert "fixtures/bad/syntax-errors.tally:4:13: error:" in out
    assert "fixtures/bad/syntax-errors.tally:5:3: error:" in out
    assert "returned 248\n" in out and "^" in out


@pytest.mark.parametrize(
    "fixture, location, words",
    [
        ("unknown-source", ":3:11", "unknown source 'ministry' (sources: mod)"),
        ("outside-source", ":1:1", "a claim outside any source"),
        ("unknown-option", ":1:5", "unknown option 'aproximate'; the options are: allow_unknown, approximate,"),
        ("invalid-utf8", ":2:13", "not valid UTF-8: byte 0xe9"),
        ("huge-number", ":2:7", "cannot read '1e999999999' as a number"),
    ],
)
def test_each_kind_of_bad_input(run, fixture, location, words):
    r = run("check", f"fixtures/bad/{fixture}.tally")
    assert r.code == 2, r.out
    _no_traceback(r)
    assert f"fixtures/bad/{fixture}.tally{location}: error:" in r.out
    assert words in r.out


def test_errors_in_json(run):
    r = run("check", "--format", "json", "fixtures/bad/huge-number.tally")
    assert r.code == 2
    j = r.json
    assert j["verdict"] == "error"
    (err,) = j["errors"]
    assert (err["line"], err["column"], err["code"]) == (2, 7, "claim")
    # the rest of the file is still checked
    assert [q["name"] for q in j["quantities"]] == ["y"]


def test_missing_file(run):
    r = run("check", "no/such/file.tally")
    assert r.code == 2
    assert "no/such/file.tally: error: no such file or directory" in r.out


def test_empty_file_has_no_claims_and_exits_0(run):
    r = run("check", "fixtures/bad/empty.tally")
    assert r.code == 0
    assert "no claims" in r.out


def test_unknown_format_is_a_usage_error(run):
    r = run("check", "--format", "yaml", "fixtures/prisoner-exchange.tally")
    assert r.code == 2
    assert "Invalid value for '--format'" in r.err


def test_help_and_version_exit_0(run):
    assert run("--help").code == 0
    assert run("check", "--help").code == 0
    assert run("--version").code == 0


def test_a_full_disk_is_said_plainly_not_called_a_bug(tmp_path):
    """Writing the report to a full device: exit 2 and the system's reason, for the
    installed command (which flushes and leaves at once) as for main()."""
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    from pathlib import Path

    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "prisoner-exchange.tally"
    for fmt in ("text", "json"):
        with open("/dev/full", "w") as full:
            p = subprocess.run([sys.executable, "-m", "tallycheck", "check", str(fixture), "--format", fmt],
                               stdout=full, stderr=subprocess.PIPE, text=True)
        assert p.returncode == 2
        assert "No space left on device" in p.stderr
        assert "internal error" not in p.stderr and "Traceback" not in p.stderr


def test_a_source_line_that_cannot_be_read_takes_no_claims_and_ends_the_one_above():
    """Every line not indented closes the source above it (docs/language.md): a `define`
    that cannot be read, an attributed claim; the claims under a `source` line with an
    error are not silently given to the source above it."""
    from tallycheck.pipeline import check_texts

    text = ("source a\n  x = 5\nsource b \"B\" \"C\"\n  x = 7\n"
            "source c\n  y = 1\ndefine y = = 2\n  y = 3\n"
            "source d\n  z = 1\nc: z = 1\n  z = 2\n")
    report = check_texts([("f.tally", text)])
    messages = [(e.location.line, e.message) for e in report.errors]
    assert (4, "a claim outside any source: the `source` line above it (line 3) could not be read") in messages
    assert (8, "a claim outside any source: it is indented, but not under a `source` line") in messages
    assert (12, "a claim outside any source: it is indented, but not under a `source` line") in messages
    assert not report.conflicts  # x = 7 was not given to a
