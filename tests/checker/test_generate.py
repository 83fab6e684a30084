"""benchmarks/generate.py: the synthetic datasets the benchmarks (and the lead's speed work) run on."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from tallycheck.pipeline import check_paths

ROOT = Path(__file__).resolve().parents[2]
GENERATE = ROOT / "benchmarks" / "generate.py"


def generate(tmp: Path, n: int, seed: int, *extra: str) -> tuple[Path, Path, Path]:
    subprocess.run([sys.executable, str(GENERATE), "--claims", str(n), "--seed", str(seed), "--out", str(tmp), *extra],
                   check=True, capture_output=True)
    return tmp / f"claims-{n}.tally", tmp / f"claims-{n}.csv", tmp / f"rules-{n}.tally"


def test_exactly_n_claims_in_both_forms_and_deterministic_by_seed(tmp_path):
    tally, data, rules = generate(tmp_path / "a", 500, 7)
    with data.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["source", "quantity", "value", "quote"]
    assert len(rows) == 501
    claims = [line for line in tally.read_text(encoding="utf-8").splitlines() if line.startswith("  ")]
    assert len(claims) == 500
    again = generate(tmp_path / "b", 500, 7)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in (tally, data, rules)]
    other = generate(tmp_path / "c", 500, 8)
    assert other[0].read_bytes() != tally.read_bytes()


def test_the_datasets_check_without_input_errors_and_the_bad_share_decides_the_verdict(tmp_path):
    tally, data, rules = generate(tmp_path / "clean", 400, 1, "--bad", "0")
    for paths in ([str(tally)], [str(rules), str(data)]):
        report = check_paths(paths)
        assert not report.errors, report.errors[:3]
        assert report.verdict == "consistent", [c.explanation for c in report.conflicts[:3]]
    tally, data, rules = generate(tmp_path / "bad", 400, 1, "--bad", "0.5")
    for paths in ([str(tally)], [str(rules), str(data)]):
        report = check_paths(paths)
        assert not report.errors
        assert report.verdict == "contradiction" and len(report.conflicts) >= 10
