"""Shared by the output-format tests: the golden cases, running the CLI, hand-made reports."""

from __future__ import annotations

import contextlib
import io
import os
from fractions import Fraction
from pathlib import Path

from tallycheck.cli import main
from tallycheck.diagnostics import Diagnostic, Location
from tallycheck.numbers.interval import Interval
from tallycheck.report.records import Agreement, ClaimView, Conflict, QuantityRange, Report, Unknown

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
EXPECTED = ROOT / "fixtures" / "expected"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"

# golden case name -> input path (relative to the project root, as a user would type it)
CASES = {
    "prisoner-exchange": "fixtures/prisoner-exchange.tally",
    "total-mismatch": "fixtures/total-mismatch.tally",
    "consistent-story": "fixtures/consistent-story.tally",
    "bad-syntax-errors": "fixtures/bad/syntax-errors.tally",
    "hostile-text": "tests/formats/data/hostile-text.tally",
    # the seed as annotated articles (front matter + {tags}) with a rules file, one folder
    "articles": "fixtures/articles",
    # an election spreadsheet (results.csv, shares.csv) with its rules file
    "election": "fixtures/election",
    # a report with a warning: a name that may be misspelt (`kiled` beside `killed`)
    "misspelt-name": "fixtures/checker/misspelt-name.tally",
}
EXIT = {"prisoner-exchange": 1, "total-mismatch": 1, "consistent-story": 0, "bad-syntax-errors": 2, "hostile-text": 1,
        "articles": 1, "election": 1, "misspelt-name": 0}

# format -> golden file suffix
SUFFIX = {
    "text": ".txt",
    "json": ".json",
    "sarif": ".sarif",
    "junit": ".junit.xml",
    "github": ".github.txt",
    "markdown": ".md",
    "html": ".html",
}

UPDATE = os.environ.get("TALLYCHECK_UPDATE_GOLDEN") == "1"


def run_cli(*argv: str) -> tuple[int, str, str]:
    """The CLI in-process from the project root: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def report_of(path: str) -> Report:
    from tallycheck.pipeline import check_paths

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return check_paths([path])
    finally:
        os.chdir(cwd)


# --- hand-made reports for the cases no fixture reaches ---------------------------------

def claim(source, text, line, column=3, quote=None, file="claims.tally", form="structured") -> ClaimView:
    return ClaimView(source, text, quote, file, line, column, form)


def definition(text, line, file="claims.tally") -> ClaimView:
    return ClaimView(None, text, None, file, line, 1, "define")


def make_report(**fields) -> Report:
    base = dict(
        title=None,
        files=("claims.tally",),
        sources=(),
        claim_count=0,
        conflicts=(),
        agreements=(),
        quantities=(),
        unknowns=(),
        errors=(),
    )
    base.update(fields)
    return Report(**base)


def every_kind_of_report() -> Report:
    """Internal and cross-source conflicts, a conflict among definitions alone, an agreement,
    an undecided part, errors with and without a line, and awkward text everywhere."""
    a = claim("a", "x = 1", 3, quote="line one\nline two, with: 100% | <b>")
    b = claim("b", "x = 2", 5, quote=None, file="dir with space/b,c:d.tally")
    a2 = claim("a", "y > 3", 4)
    a3 = claim("a", "y = 3", 6, quote="tab\there \x01 control")
    d1, d2 = definition("z = 1", 1), definition("z = 2", 2)
    return make_report(
        title="Every kind\nof thing",
        files=("claims.tally", "dir with space/b,c:d.tally"),
        sources=(("a", "Agency A"), ("b", None)),
        claim_count=4,
        conflicts=(
            Conflict((a, b), (definition("t = x + y", 7),), ("a", "b"), ("x",), "x = 1 (a) but x = 2 (b) (off by 1)"),
            Conflict((a2, a3), (), ("a",), ("y",), "y > 3 (a) but y = 3 (a)"),
            Conflict((), (d1, d2), (), ("z",), "z = 1 (definition) but z = 2 (definition) (off by 1)"),
        ),
        agreements=(Agreement("t = x + y", "? (implied) = ? (a) + ? (a)", definition("t = x + y", 7)),),
        quantities=(
            QuantityRange("t", "count", "consistent", Interval(Fraction(3), None, False, True), ()),
            QuantityRange("w", "real", "unknown", None, (("about 5", ("a",)),)),
            QuantityRange("x", "count", "contradictory", None, (("1", ("a",)), ("2", ("b",)))),
            QuantityRange("y", "count", "contradictory", None, (("> 3", ("a",)), ("3", ("a",)))),
            QuantityRange("z", "amount", "contradictory", None, ()),
            QuantityRange("half", "real", "consistent", Interval(Fraction(1, 3), Fraction(1, 3)), ()),
        ),
        unknowns=(Unknown(("w",), "undecided within the solver's limits"),),
        errors=(
            Diagnostic(Location("missing.tally", 0), "no such file or directory", "no-input"),
            Diagnostic(Location("claims.tally", 9, 5, 8), "unexpected '%'", "syntax", "  q = 5%%,\n"),
            Diagnostic(Location("claims.tally", 10, 1), "a brand-new problem", "some-new-code", "x"),
        ),
    )


def report_with_warnings() -> Report:
    """A consistent report with two warnings: a name that may be misspelt (a suggestion:
    SARIF ``note``) and a warning of a code no format knows yet."""
    kiled = Diagnostic(Location("claims.tally", 4, 3, 8), "`kiled` appears only here; did you mean `killed`?", "typo",
                       "  kiled = 41", severity="warning")
    other = Diagnostic(Location("data/x.csv", 0), "a brand-new warning", "some-new-warning", severity="warning")
    return make_report(files=("claims.tally", "data/x.csv"), sources=(("a", None),), claim_count=2,
                       quantities=(QuantityRange("kiled", "count", "consistent", Interval(Fraction(41), Fraction(41)),
                                                 (("41", ("a",)),)),),
                       warnings=(kiled, other))
