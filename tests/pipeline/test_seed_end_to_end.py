"""The seed story through the command line: what a fact-checker sees."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tallycheck" / "schemas" / "report.schema.json").read_text())


def test_seed_text_report_shows_agreement_contradiction_and_quantities(run):
    r = run("check", "fixtures/prisoner-exchange.tally")
    assert r.code == 1, r.out + r.err
    out = r.out
    # the relation that holds across sources, with its figures and who gave them
    assert "returned = returned.swap + returned.extra" in out
    assert "248 (mod) = 173 (simonyan) + 75 (simonyan, moskalkova)" in out
    # the contradiction between simonyan and moskalkova, with locations and quotes
    assert "between moskalkova and simonyan on released.extra" in out
    assert "released.extra = 5 (simonyan)" in out and "released.extra = 0 (moskalkova)" in out
    assert "fixtures/prisoner-exchange.tally:13:" in out and "fixtures/prisoner-exchange.tally:17:" in out
    assert "in exchange for five fighters" in out and "without exchange" in out
    # each quantity with its implied value or range
    for line in ("returned        count  248", "returned.extra  count  75", "returned.swap   count  173"):
        assert line in out
    assert "released.extra  count  contradictory" in out
    assert "✗ CONTRADICTION  1 conflict" in out


def test_seed_json_report_is_valid_and_complete(run):
    jsonschema = pytest.importorskip("jsonschema")
    r = run("check", "--format", "json", "fixtures/prisoner-exchange.tally")
    assert r.code == 1
    report = r.json
    jsonschema.validate(report, SCHEMA)
    assert report["verdict"] == "contradiction"
    (conflict,) = report["conflicts"]
    assert conflict["sources"] == ["moskalkova", "simonyan"]
    assert conflict["internal"] is False
    assert conflict["quantities"] == ["released.extra"]
    by_source = {c["source"]: c for c in conflict["claims"]}
    assert by_source["simonyan"]["quote"].endswith("in exchange for five fighters")
    assert by_source["moskalkova"]["quote"] == "returned from Ukrainian captivity without exchange"
    assert by_source["simonyan"]["line"] == 13 and by_source["moskalkova"]["line"] == 17
    assert "off by 5" in conflict["explanation"]
    ranges = {q["name"]: q["range"] for q in report["quantities"]}
    assert ranges["returned"]["low"] == ranges["returned"]["high"] == "248"
    assert ranges["returned.swap"]["low"] == "173" and ranges["returned.extra"]["high"] == "75"
    assert ranges["released.extra"] is None
    assert report["errors"] == []
    (agreement,) = report["agreements"]
    assert agreement["figures"] == "248 (mod) = 173 (simonyan) + 75 (simonyan, moskalkova)"


def _essence(report):
    """What must not depend on the claim form: verdict, who conflicts, ranges, agreements."""
    return (
        report["verdict"],
        [(c["sources"], c["quantities"], len(c["claims"])) for c in report["conflicts"]],
        [(q["name"], q["status"], q["range"]) for q in report["quantities"]],
        [a["figures"] for a in report["agreements"]],
    )


@pytest.mark.parametrize("form", ["structured", "phrase", "annotated"])
def test_each_claim_form_gives_the_same_result(run, form):
    seed = run("check", "--format", "json", "fixtures/prisoner-exchange.tally").json
    other = run("check", "--format", "json", f"fixtures/forms/{form}.tally")
    assert other.code == 1
    assert _essence(other.json) == _essence(seed)


def test_demo_checks_the_bundled_seed_from_any_directory(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("demo")
    assert r.code == 1
    assert "248 (mod) = 173 (simonyan) + 75 (simonyan, moskalkova)" in r.out
    assert "prisoner-exchange.tally:13:" in r.out


def test_total_that_does_not_match_its_parts(run):
    r = run("check", "--format", "json", "fixtures/total-mismatch.tally")
    assert r.code == 1
    (conflict,) = r.json["conflicts"]
    assert conflict["explanation"] == (
        "returned.swap + returned.extra = 173 + 70 = 243, but returned = 248 (off by 5)"
    )
    assert conflict["sources"] == ["agency", "mod"]
    assert [d["text"] for d in conflict["definitions"]] == ["returned = returned.swap + returned.extra"]


def test_consistent_multi_source_story(run):
    r = run("check", "fixtures/consistent-story.tally")
    assert r.code == 0, r.out
    assert "✓ CONSISTENT" in r.out
    assert "41 (ministry) = 29 (ministry) + 12 (hospital)" in r.out
    j = run("check", "--format", "json", "fixtures/consistent-story.tally").json
    ranges = {q["name"]: q["range"] for q in j["quantities"]}
    assert ranges["killed.south"]["low"] == "12"
    assert ranges["injured"]["low"] == "101"  # "more than 100" injured, a count


def test_output_file_gets_the_report_and_stdout_stays_empty(run, tmp_path):
    target = tmp_path / "report.json"
    r = run("check", "--format", "json", "--output", str(target), "fixtures/prisoner-exchange.tally")
    assert r.code == 1 and r.out == ""
    assert json.loads(target.read_text())["verdict"] == "contradiction"


def test_a_directory_is_searched_for_claims_files(run):
    r = run("check", "--format", "json", "fixtures/forms")
    assert r.json["summary"]["files"] == 3
