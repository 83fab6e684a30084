"""--format github: one workflow command per conflict claim and per input error, escaped as
GitHub Actions requires, and nothing else on stdout."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from formats_testkit import CASES, every_kind_of_report, make_report, report_of, report_with_warnings, run_cli
from tallycheck.formats import render
from tallycheck.formats.github_format import command, escape_data, escape_property
from tallycheck.formats._inert import visible

LINE = re.compile(r"^::(error|warning|notice)( (?P<props>[^:]*))?::(?P<message>.*)$")


def unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse(output: str) -> list[dict]:
    """Each line as GitHub's runner reads it: the command, its properties, its message."""
    out = []
    for line in output.splitlines():
        m = LINE.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = {}
        if m.group("props"):
            for part in m.group("props").split(","):
                key, _, value = part.partition("=")
                props[key] = unescape(value)
        out.append({"kind": m.group(1), **props, "message": unescape(m.group("message"))})
    return out


def test_escaping_follows_the_runner():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    # '%' first, so an escape sequence written in the input is not decoded by the runner
    assert escape_data("%0A") == "%250A"
    assert command("error", "m", file="f,1:x", line=3, col=4, title="t: a, b") == \
        "::error file=f%2C1%3Ax,line=3,col=4,title=t%3A a%2C b::m"


def test_seed_one_annotation_per_claim_naming_the_other_source():
    code, out, err = run_cli("check", CASES["prisoner-exchange"], "--format", "github")
    assert code == 1 and err == ""
    simonyan, moskalkova = parse(out)
    assert simonyan == {
        "kind": "error", "file": "fixtures/prisoner-exchange.tally", "line": "13", "col": "81",
        "title": "Contradiction on released.extra (moskalkova vs simonyan)",
        "message": simonyan["message"],
    }
    assert simonyan["message"].startswith("simonyan contradicts moskalkova: released.extra = 5 (simonyan)")
    assert "without exchange" in simonyan["message"]  # the other side's quote
    assert (moskalkova["line"], moskalkova["col"]) == ("17", "55")
    assert moskalkova["message"].startswith("moskalkova contradicts simonyan")


def test_total_mismatch_annotates_all_three_claims():
    lines = parse(render(report_of(CASES["total-mismatch"]), "github"))
    assert [(a["line"], a["col"]) for a in lines] == [("6", "3"), ("9", "3"), ("10", "3")]
    assert lines[0]["message"].startswith("mod contradicts agency")
    assert lines[1]["message"].startswith("agency contradicts mod")
    assert all("given the definition returned = returned.swap + returned.extra" in a["message"] for a in lines)


def test_consistent_prints_nothing():
    code, out, _ = run_cli("check", CASES["consistent-story"], "--format", "github")
    assert code == 0 and out == ""


def test_input_errors():
    lines = parse(render(report_of(CASES["bad-syntax-errors"]), "github"))
    assert [(a["line"], a["col"], a["title"]) for a in lines] == [
        ("3", "12", "tallycheck: syntax"), ("4", "13", "tallycheck: syntax"), ("5", "3", "tallycheck: syntax"),
    ]


def test_every_kind_of_record_one_line_each_and_escaped():
    report = every_kind_of_report()
    out = render(report, "github")
    lines = parse(out)
    claims = sum(len(c.claims or c.definitions) for c in report.conflicts)
    assert len(lines) == claims + len(report.errors) + len(report.unknowns)
    assert len(out.splitlines()) == len(lines)  # a newline in a quote never starts a new command
    first = lines[0]
    assert first["message"].count("\n") >= 2 and "line one\nline two, with: 100% | <b>" in first["message"]
    other = lines[1]
    assert other["file"] == "dir with space/b,c:d.tally"  # ',' and ':' escaped in the property
    internal = lines[2]
    assert internal["message"].startswith("a contradicts other claims of a")
    definitions = lines[4:6]
    assert [d["line"] for d in definitions] == ["1", "2"]
    assert definitions[0]["message"].startswith("definition contradicts the other definitions")
    missing = lines[6]
    assert missing["file"] == "missing.tally" and "line" not in missing and "col" not in missing
    assert lines[-1]["kind"] == "warning" and "w: undecided" in lines[-1]["message"]


def test_empty_report_prints_nothing():
    assert render(make_report(), "github") == ""


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_line_is_a_command(case):
    for line in render(report_of(CASES[case]), "github").splitlines():
        assert LINE.match(line), line


# --- the runner's own parsing ---------------------------------------------------------------

def runner_parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command read as the Actions runner reads it (ActionCommand.TryParseV2):
    the command up to the first space, the properties up to the next ``::`` split on ``,``
    and then on the first ``=``, the data after; ``%``-escapes undone, ``%25`` last."""
    assert line.startswith("::")
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2:]
    name, _, rest = info.partition(" ")
    props = {}
    for part in filter(None, rest.split(",")):
        key, _, value = part.partition("=")
        for token, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            value = value.replace(token, char)
        props[key] = value
    for token, char in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        data = data.replace(token, char)
    return name, props, data


def test_the_runner_reads_githubs_documented_example():
    assert runner_parse("::error file=app.js,line=1,col=5,endColumn=7,title=YOUR-TITLE::Missing semicolon") == (
        "error", {"file": "app.js", "line": "1", "col": "5", "endColumn": "7", "title": "YOUR-TITLE"},
        "Missing semicolon",
    )


# any text, with the characters that matter to the runner made frequent
awkward = st.text(alphabet=st.one_of(st.sampled_from("%:,=\r\n ab%0A%25::"), st.characters()), max_size=40)


@settings(max_examples=300, deadline=None)
@given(file=awkward.filter(bool), title=awkward.filter(bool), message=awkward,
       line=st.integers(1, 10**6), col=st.integers(1, 10**4))
def test_any_text_round_trips_through_the_runner(file, title, message, line, col):
    """The runner reads back exactly the text, made inert (control characters written visibly)."""
    out = command("error", message, file=file, line=line, col=col, title=title)
    assert "\n" not in out and "\r" not in out  # one command, one line
    assert runner_parse(out) == (
        "error", {"file": visible(file), "line": str(line), "col": str(col), "title": visible(title)},
        visible(message, newlines=True),
    )


def test_warnings_are_warning_annotations():
    assert parse(render(report_with_warnings(), "github")) == [
        {"kind": "warning", "file": "claims.tally", "line": "4", "col": "3", "title": "tallycheck: typo",
         "message": "`kiled` appears only here; did you mean `killed`?"},
        {"kind": "warning", "file": "data/x.csv", "title": "tallycheck: some-new-warning",
         "message": "a brand-new warning"},
    ]
