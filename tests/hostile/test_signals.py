"""Faults: SIGTERM (a CI runner cancelling a job) or SIGINT (^C) during a `--jobs` run end
its worker processes and remove its temporary files; it says so plainly, exit 2."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_testkit import ROOT, Result, assert_clean, snapshot


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.update(int(c) for c in fh.read().split())
    except OSError:
        pass
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def big_input(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--claims", "150000", "--seed", "3",
                    "--out", str(folder)], check=True, capture_output=True)
    for name in ("claims-150000.csv", "rules-150000.tally"):
        (folder / name).unlink()
    return folder


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers in /proc (Linux)")
@pytest.mark.parametrize("signum, message", [(signal.SIGTERM, "tallycheck: stopped by SIGTERM"),
                                             (signal.SIGINT, "tallycheck: interrupted")])
def test_a_signal_ends_the_workers_and_removes_the_temporary_files(big_input, tmp_path, signum, message):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    before = snapshot(big_input)
    # started as a terminal starts a command: a run started in the background of a shell without
    # job control (`bash .ci/run &`) inherits SIGINT ignored, and rightly keeps ignoring it
    proc = subprocess.Popen([sys.executable, "-m", "tallycheck", "check", str(big_input), "--jobs", "2",
                             "--format", "json"], cwd=ROOT, env={**os.environ, "TMPDIR": str(temporary)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:  # two workers at work
        workers |= _children(proc.pid)
        time.sleep(0.01)
    assert len(workers) >= 2 and proc.poll() is None, "the run ended before its workers were seen"
    assert any(temporary.iterdir()), "the run has its temporary folder"
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    r = Result(proc.returncode, out, err)
    assert_clean(r)
    assert r.code == 2 and message in r.err, r
    assert not [pid for pid in workers if _alive(pid)], "a worker was left running"
    assert list(temporary.iterdir()) == [], "a temporary file was left behind"
    assert snapshot(big_input) == before
