"""Every format is deterministic: the same input gives the same bytes whatever the hash
seed, time zone, locale, clock or working directory, whether written to stdout or to
``--output FILE``; stdout holds only the chosen format (nothing is logged there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from formats_testkit import CASES, EXIT, EXPECTED, ROOT, SUFFIX, run_cli

# renders every case in every format through the command line, in a fresh interpreter
PROGRAM = r"""
import contextlib, io, json, os, sys
from tallycheck.cli import main
cases, formats = json.loads(sys.argv[1]), json.loads(sys.argv[2])
out = {}
for case, path in cases.items():
    for fmt in formats:
        buf, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
            code = main(["check", path, "--format", fmt])
        out[f"{case} {fmt}"] = [code, buf.getvalue(), err.getvalue()]
json.dump(out, sys.stdout)
"""


def render_all_in(env_changes: dict[str, str]) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("TALLYCHECK_UPDATE_GOLDEN",)}
    env.update(env_changes)
    proc = subprocess.run(
        [sys.executable, "-c", PROGRAM, json.dumps(CASES), json.dumps(sorted(SUFFIX))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def two_runs():
    a = render_all_in({"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"})
    b = render_all_in({"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"})
    return a, b


def test_same_bytes_whatever_the_hash_seed_time_zone_and_locale(two_runs):
    a, b = two_runs
    assert a.keys() == b.keys() and len(a) == len(CASES) * len(SUFFIX)
    differ = [key for key in a if a[key] != b[key]]
    assert not differ, f"output depends on the environment: {differ}"


def test_fresh_interpreters_give_the_golden_files(two_runs):
    """(So the goldens are not an accident of one process's state.)"""
    a, _ = two_runs
    for key, (code, out, err) in a.items():
        case, fmt = key.split(" ")
        assert code == EXIT[case], (key, err)
        assert out == (EXPECTED / f"{case}{SUFFIX[fmt]}").read_text(encoding="utf-8"), key


def test_nothing_but_the_format_on_stdout_and_no_logs_at_all_for_these_inputs(two_runs):
    a, _ = two_runs
    for key, (_, out, err) in a.items():
        assert err == "", (key, err)
        fmt = key.split(" ")[1]
        if fmt in ("json", "sarif"):
            json.loads(out)  # stdout is one JSON document and nothing else


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("case", sorted(CASES))
def test_output_file_equals_stdout(case, fmt, tmp_path):
    code, out, err = run_cli("check", CASES[case], "--format", fmt)
    target = tmp_path / f"report{SUFFIX[fmt]}"
    code2, out2, err2 = run_cli("check", CASES[case], "--format", fmt, "--output", str(target))
    assert (code2, out2) == (code, "")
    assert target.read_bytes() == out.encode("utf-8")
    assert err2 == err


def test_no_timestamp_or_duration_in_any_golden_file():
    import re

    stamp = re.compile(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d|timestamp|\btime=\"|\"(startTimeUtc|endTimeUtc)\"")
    for path in sorted(p for p in EXPECTED.rglob("*") if p.is_file()):
        assert not stamp.search(path.read_text(encoding="utf-8")), path.name
