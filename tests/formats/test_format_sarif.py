"""--format sarif: valid SARIF 2.1.0 (the official schema), one result per conflict with all
its claims' locations, a rule for every input-error code the pipeline can produce."""

import ast
import json
import re

import pytest

from formats_testkit import (CASES, ROOT, SARIF_SCHEMA, claim, every_kind_of_report, make_report, report_of,
                             report_with_warnings)
from tallycheck.formats import render
from tallycheck.formats._common import ERROR_CODES
from tallycheck.report.records import Conflict

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    # the validator of the draft the schema declares (its "$schema")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(report):
    return json.loads(render(report, "sarif"))


def assert_valid(validator, log):
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_fixture_gives_valid_sarif(case, validator):
    log = sarif(report_of(CASES[case]))
    assert_valid(validator, log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "tallycheck"


def test_hand_made_report_with_every_kind_of_record_is_valid(validator):
    log = sarif(every_kind_of_report())
    assert_valid(validator, log)


def test_schema_rejects_a_broken_log(validator):
    """The validator really checks: a result without a message is refused."""
    log = sarif(report_of(CASES["prisoner-exchange"]))
    del log["runs"][0]["results"][0]["message"]
    assert list(validator.iter_errors(log))


def test_seed_conflict_is_one_result_with_both_claims():
    log = sarif(report_of(CASES["prisoner-exchange"]))
    (run,) = log["runs"]
    (result,) = run["results"]
    assert result["ruleId"] == "contradiction" and result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "contradiction"
    text = result["message"]["text"]
    assert "between moskalkova and simonyan" in text and "off by 5" in text
    where = [
        (
            loc["physicalLocation"]["artifactLocation"]["uri"],
            loc["physicalLocation"]["region"]["startLine"],
            loc["physicalLocation"]["region"]["startColumn"],
        )
        for loc in result["locations"]
    ]
    assert where == [("fixtures/prisoner-exchange.tally", 13, 81), ("fixtures/prisoner-exchange.tally", 17, 55)]
    assert "without exchange" in result["locations"][1]["message"]["text"]
    assert result["properties"]["sources"] == ["moskalkova", "simonyan"]


def test_total_mismatch_has_three_locations_and_the_definition_related():
    (result,) = sarif(report_of(CASES["total-mismatch"]))["runs"][0]["results"]
    lines = [loc["physicalLocation"]["region"]["startLine"] for loc in result["locations"]]
    assert lines == [6, 9, 10]
    related = result["relatedLocations"]
    # the claims again (GitHub shows only the first of locations), then the definition
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in related] == [6, 9, 10, 3]
    assert "returned = returned.swap + returned.extra" in related[-1]["message"]["text"]
    ids = [loc["id"] for loc in related]
    assert ids == [1, 2, 3, 4]


LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\((\d+)\)")


@pytest.mark.parametrize("case", sorted(CASES))
def test_message_links_reach_every_claim_of_a_conflict(case):
    """GitHub code scanning reaches related locations only through links in the message."""
    report = report_of(CASES[case])
    for conflict, result in zip(report.conflicts, sarif(report)["runs"][0]["results"]):
        related = {loc["id"]: loc for loc in result["relatedLocations"]}
        links = [(text, int(n)) for text, n in LINK.findall(result["message"]["text"])]
        assert sorted(n for _, n in links) == sorted(related)  # every related location linked, once
        claims = conflict.claims or conflict.definitions
        for (text, n), c in zip(links, claims):
            region = related[n]["physicalLocation"]["region"]
            assert (region["startLine"], region["startColumn"]) == (c.line, c.column)
            assert text.startswith(c.source or "definition")


def test_seed_message_names_both_sides_with_links():
    (result,) = sarif(report_of(CASES["prisoner-exchange"]))["runs"][0]["results"]
    assert result["message"]["text"] == (
        "Contradiction between moskalkova and simonyan on released.extra: released.extra = 5 (simonyan) but "
        "released.extra = 0 (moskalkova) (off by 5). Claims: [simonyan fixtures/prisoner-exchange.tally:13:81](1), "
        "[moskalkova fixtures/prisoner-exchange.tally:17:55](2)."
    )


def test_brackets_from_the_inputs_never_make_a_link():
    log = sarif(report_of(CASES["hostile-text"]))
    messages = []

    def collect(node):
        if isinstance(node, dict):
            if "message" in node and isinstance(node["message"], dict):
                messages.append(node["message"]["text"])
            for v in node.values():
                collect(v)
        elif isinstance(node, list):
            for v in node:
                collect(v)

    collect(log["runs"][0]["results"])
    quoted = [m for m in messages if "link" in m]
    assert quoted and all("\\[link\\](http://x)" in m for m in quoted)
    for m in messages:
        assert all(target.isdigit() for _, target in LINK.findall(m)), m


def test_input_errors_are_results_with_their_rule_and_region():
    run = sarif(report_of(CASES["bad-syntax-errors"]))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["ruleId"] for r in run["results"]] == ["syntax"] * 3
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] in (3, 4, 5) and region["startColumn"] >= 1
    assert run["properties"]["verdict"] == "error"


def test_results_count_and_rule_indexes_on_every_kind_of_record():
    report = every_kind_of_report()
    run = sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(report.conflicts) + len(report.errors) + len(report.unknowns)
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["locations"], "code scanning wants a location on every result"
    by_rule = [r["ruleId"] for r in run["results"]]
    assert by_rule == ["contradiction"] * 3 + ["no-input", "syntax", "some-new-code", "undecided"]
    # a whole-file problem has a file but no region
    missing = run["results"][3]["locations"][0]["physicalLocation"]
    assert missing == {"artifactLocation": {"uri": "missing.tally", "uriBaseId": "%SRCROOT%"}}
    # the caret's span becomes endColumn; the offending line is the context
    syntax = run["results"][4]["locations"][0]["physicalLocation"]
    assert syntax["region"] == {"startLine": 9, "startColumn": 5, "endColumn": 8}
    assert syntax["contextRegion"]["snippet"]["text"] == "  q = 5%%,"
    # a path with spaces, commas and colons is a relative URI reference
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in run["results"][0]["locations"]}
    assert uris == {"claims.tally", "dir%20with%20space/b,c%3Ad.tally"}
    # a conflict among definitions alone is located at the definitions
    defs_only = run["results"][2]
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in defs_only["locations"]] == [1, 2]
    assert [loc["id"] for loc in defs_only["relatedLocations"]] == [1, 2]


def test_absolute_paths_become_file_uris(validator):
    report = make_report(
        files=("/data/claims one.tally",),
        sources=(("a", None), ("b", None)),
        claim_count=2,
        conflicts=(
            Conflict(
                (claim("a", "x = 1", 2, file="/data/claims one.tally"), claim("b", "x = 2", 4, file="/data/claims one.tally")),
                (), ("a", "b"), ("x",), "x = 1 (a) but x = 2 (b)",
            ),
        ),
    )
    log = sarif(report)
    assert_valid(validator, log)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "file:///data/claims%20one.tally"}


def test_fingerprint_ignores_line_numbers():
    a1, b1 = claim("a", "x = 1", 2), claim("b", "x = 2", 4)
    a2, b2 = claim("a", "x = 1", 20), claim("b", "x = 2", 40)

    def fp(*claims):
        report = make_report(conflicts=(Conflict(claims, (), ("a", "b"), ("x",), "x = 1 (a) but x = 2 (b)"),))
        return sarif(report)["runs"][0]["results"][0]["partialFingerprints"]

    assert fp(a1, b1) == fp(b2, a2)
    assert fp(a1, b1) != fp(a1, claim("b", "x = 3", 4))


def _codes_in_the_code_base() -> set[str]:
    """Every code a Diagnostic is given in tallycheck/: its third argument or ``code=``,
    when written as a string (read with ast, so no string or bracket can confuse it)."""
    codes = set()
    for path in (ROOT / "tallycheck").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name != "Diagnostic":
                continue
            args = list(node.args[2:3]) + [k.value for k in node.keywords if k.arg == "code"]
            for arg in args:
                for leaf in ast.walk(arg):  # a constant, or each branch of a conditional
                    if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str):
                        codes.add(leaf.value)
    return codes


def test_every_error_code_in_the_code_base_has_a_rule():
    found = _codes_in_the_code_base()
    assert {"syntax", "no-source", "unknown-source", "option", "claim", "tag", "encoding", "no-input"} <= found
    missing = found - set(ERROR_CODES)
    assert not missing, f"add these codes to ERROR_CODES in tallycheck/formats/_common.py: {sorted(missing)}"
    rules = {r["id"] for r in sarif(make_report())["runs"][0]["tool"]["driver"]["rules"]}
    assert set(ERROR_CODES) | {"contradiction"} <= rules


def test_warnings_are_results_a_misspelt_name_a_note(validator):
    log = sarif(report_with_warnings())
    assert_valid(validator, log)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    typo, other = run["results"]
    assert (typo["ruleId"], typo["level"]) == ("typo", "note")
    assert rules["typo"]["defaultConfiguration"]["level"] == "note"
    assert typo["message"]["text"] == "`kiled` appears only here; did you mean `killed`?"
    region = typo["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (4, 3, 8)
    assert (other["ruleId"], other["level"]) == ("some-new-warning", "warning")  # a rule made for a new code
    assert run["tool"]["driver"]["rules"][other["ruleIndex"]]["id"] == "some-new-warning"
    assert run["properties"]["verdict"] == "consistent"
