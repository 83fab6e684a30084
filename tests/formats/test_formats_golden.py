"""Golden files: every format on every fixture, byte for byte, through the command line.

Refresh them (after a deliberate change to a format or to what the checker finds) with

    TALLYCHECK_UPDATE_GOLDEN=1 python3 -m pytest tests/formats -q

and review the diff of fixtures/expected/ before committing it.
"""

import pytest

from formats_testkit import CASES, EXIT, EXPECTED, SUFFIX, UPDATE, report_of, run_cli
from tallycheck.formats import FORMATS, render


def test_every_registered_format_has_golden_files():
    assert set(FORMATS) == set(SUFFIX)


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case, fmt):
    code, out, err = run_cli("check", CASES[case], "--format", fmt)
    assert code == EXIT[case], err
    assert "Traceback" not in err
    golden = EXPECTED / f"{case}{SUFFIX[fmt]}"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(out.encode("utf-8"))
    assert golden.exists(), f"{golden} is missing: run with TALLYCHECK_UPDATE_GOLDEN=1 to create it"
    expected = golden.read_bytes().decode("utf-8")
    assert out == expected, f"{fmt} output of {CASES[case]} differs from {golden.name} (see the module docstring)"


@pytest.mark.parametrize("fmt", sorted(set(SUFFIX) - {"text"}))
def test_output_file_holds_exactly_what_stdout_shows(fmt, tmp_path):
    target = tmp_path / f"report{SUFFIX[fmt]}"
    code, out, _ = run_cli("check", CASES["prisoner-exchange"], "--format", fmt, "--output", str(target))
    assert code == 1 and out == ""
    assert target.read_text(encoding="utf-8") == (EXPECTED / f"prisoner-exchange{SUFFIX[fmt]}").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("fmt", sorted(set(SUFFIX) - {"text"}))
def test_rendering_is_a_pure_function_of_the_report(fmt):
    report = report_of(CASES["total-mismatch"])
    first = render(report, fmt)
    assert render(report, fmt) == first
    assert render(report_of(CASES["total-mismatch"]), fmt) == first


def test_no_golden_file_holds_an_absolute_path():
    for path in (p for p in EXPECTED.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        assert str(EXPECTED.parents[1]) not in text and "file://" not in text, path.name
