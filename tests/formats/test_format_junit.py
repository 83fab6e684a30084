"""--format junit: valid against the common JUnit schema (tests/formats/data/junit.xsd,
checked with xmlschema), and read back by junitparser (what CI plugins do) with the right
counts.  Both are in the ``test`` extra: these tests never skip."""

import xml.etree.ElementTree as ET

import junitparser
import pytest
import xmlschema

from formats_testkit import CASES, DATA, every_kind_of_report, make_report, report_of, report_with_warnings
from tallycheck.formats import render


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema10(str(DATA / "junit.xsd"))


def assert_valid(schema, text: str) -> None:
    errors = list(schema.iter_errors(text))
    assert not errors, "\n".join(str(e.reason) + " at " + str(e.path) for e in errors[:5])


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_fixture_is_valid_junit(case, schema):
    assert_valid(schema, render(report_of(CASES[case]), "junit"))


def test_every_kind_of_record_and_no_claims_are_valid_junit(schema):
    assert_valid(schema, render(every_kind_of_report(), "junit"))
    assert_valid(schema, render(make_report(), "junit"))


@pytest.mark.parametrize("breakage", [
    ('<testcase classname="tallycheck.conflict"', '<testcase file="x.tally" classname="tallycheck.conflict"'),
    ('<testsuite name="tallycheck" tests="', '<testsuite name="tallycheck" timestamp="now" tests="'),
    ('</failure>', '</failure>\n<error type="x"/>'),
    (' failures="', ' failures="one'),
    ('<testcase classname="tallycheck.conflict" name="', '<testcase classname="tallycheck.conflict" nom="'),
])
def test_the_schema_refuses_what_readers_refuse(schema, breakage):
    """The schema really checks: an unknown attribute, two outcomes, a count that is not a
    number, a test case without a name are each refused."""
    good = render(report_of(CASES["prisoner-exchange"]), "junit")
    old, new = breakage
    assert old in good
    assert list(schema.iter_errors(good.replace(old, new, 1)))


def parse(report, tmp_path):
    path = tmp_path / "report.xml"
    path.write_text(render(report, "junit"), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    return xml, suites


def outcome(case):
    kinds = [type(r).__name__ for r in case.result]
    return kinds[0] if kinds else "Passed"


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_fixture_parses_and_the_counts_add_up(case, tmp_path):
    report = report_of(CASES[case])
    xml, suites = parse(report, tmp_path)
    (suite,) = suites
    assert suite.name == "tallycheck"
    cases = list(suite)
    assert suite.tests == len(cases)
    assert suite.failures == sum(outcome(c) == "Failure" for c in cases)
    assert suite.errors == sum(outcome(c) == "Error" for c in cases) == len(report.errors)
    assert suite.skipped == sum(outcome(c) == "Skipped" for c in cases)
    # the <testsuites> totals are those of its one suite (the common format has no
    # "skipped" there)
    root = ET.fromstring(render(report, "junit"))
    assert root.tag == "testsuites"
    assert dict(root.attrib) == {
        "name": "tallycheck", "tests": str(suite.tests), "failures": str(suite.failures),
        "errors": str(suite.errors),
    }
    conflicts = [c for c in cases if c.classname == "tallycheck.conflict"]
    relations = [c for c in cases if c.classname == "tallycheck.relation"]
    quantities = [c for c in cases if c.classname == "tallycheck.quantity"]
    assert len(conflicts) == len(report.conflicts) and all(outcome(c) == "Failure" for c in conflicts)
    assert len(relations) == len(report.agreements) and all(outcome(c) == "Passed" for c in relations)
    assert [c.name for c in quantities] == [q.name for q in report.quantities]


def test_seed_conflict_failure_names_sources_locations_and_quotes(tmp_path):
    _, (suite,) = parse(report_of(CASES["prisoner-exchange"]), tmp_path)
    (conflict,) = [c for c in suite if c.classname == "tallycheck.conflict"]
    (failure,) = conflict.result
    assert failure.type == "contradiction"
    assert "off by 5" in failure.message
    text = failure.text
    assert "fixtures/prisoner-exchange.tally:13:81" in text and "fixtures/prisoner-exchange.tally:17:55" in text
    assert "in exchange for five fighters" in text and "without exchange" in text
    assert "between moskalkova and simonyan" in conflict.name
    (relation,) = [c for c in suite if c.classname == "tallycheck.relation"]
    assert relation.name == "returned = returned.swap + returned.extra"
    assert "248 (mod) = 173 (simonyan) + 75 (simonyan, moskalkova)" in relation.system_out
    passed = {c.name for c in suite if c.classname == "tallycheck.quantity" and outcome(c) == "Passed"}
    assert passed == {"released.swap", "returned", "returned.extra", "returned.swap"}


def test_input_errors_are_error_cases(tmp_path):
    _, (suite,) = parse(report_of(CASES["bad-syntax-errors"]), tmp_path)
    errors = [c for c in suite if outcome(c) == "Error"]
    assert len(errors) == 3
    for c in errors:
        (err,) = c.result
        assert err.type == "syntax" and c.classname == "tallycheck.input"
        assert "fixtures/bad/syntax-errors.tally:" in err.text and "^" in err.text


def test_every_kind_of_record(tmp_path):
    report = every_kind_of_report()
    text = render(report, "junit")
    _, (suite,) = parse(report, tmp_path)
    cases = list(suite)
    assert suite.failures == 3 + 3  # three conflicts; x, y, z contradictory
    assert suite.errors == 3
    assert suite.skipped == 2  # w undecided, as a quantity and as a part
    # names are unique within a class (CI tools track cases by name)
    keys = [(c.classname, c.name) for c in cases]
    assert len(set(keys)) == len(keys)
    # a control character XML cannot hold is shown, not dropped or left to break the file
    assert "\\x01" in text and "\x01" not in text
    ET.fromstring(text)  # well-formed


def test_no_claims_is_one_skipped_case(tmp_path):
    _, (suite,) = parse(make_report(), tmp_path)
    (case,) = list(suite)
    assert outcome(case) == "Skipped" and suite.tests == 1


def test_warnings_are_passed_cases_with_their_message(schema, tmp_path):
    report = report_with_warnings()
    assert_valid(schema, render(report, "junit"))
    _, (suite,) = parse(report, tmp_path)
    warned = [c for c in suite if c.classname == "tallycheck.warning"]
    assert [c.name for c in warned] == ["claims.tally:4:3 typo", "data/x.csv some-new-warning"]
    assert all(outcome(c) == "Passed" for c in warned)
    assert suite.failures == suite.errors == 0
    assert "did you mean `killed`?\n      kiled = 41\n      ^^^^^" in warned[0].system_out
