"""Datasets (.csv/.tsv/.jsonl): one claim per row, located file:line:column, sources from the data."""

import pytest
from inputs_testkit import no_traceback, write

from tallycheck.pipeline import check_texts
from tallycheck.read.datasets import read_dataset
from tallycheck.options import Options


def _where(claims):
    return {(c["source"], c["file"], c["line"], c["column"], c["text"]) for c in claims}


def test_election_finds_the_total_that_does_not_match_its_parts_and_the_share_that_does_not_match_the_votes(run):
    r = run("check", "fixtures/election", "--format", "json")
    assert r.code == 1, r
    j = r.json
    assert j["summary"]["files"] == 3 and sorted(s["id"] for s in j["sources"]) == ["commission", "daily"]
    south = [c for c in j["conflicts"] if "total.south" in c["quantities"]]
    assert len(south) == 1 and south[0]["internal"] and south[0]["sources"] == ["commission"]
    assert _where(south[0]["claims"]) == {
        ("commission", "fixtures/election/results.csv", 6, 29, "votes.south.red = 8,210"),
        ("commission", "fixtures/election/results.csv", 7, 30, "votes.south.blue = 11,045"),
        ("commission", "fixtures/election/results.csv", 8, 31, "votes.south.green = 2,300"),
        ("commission", "fixtures/election/results.csv", 9, 25, "total.south = 21,655"),
    }
    assert "= 21555, but total.south = 21655 (off by 100)" in south[0]["explanation"]
    assert [d["text"] for d in south[0]["definitions"]] == ["total.south = sum(votes.south.*)"]
    share = [c for c in j["conflicts"] if "daily" in c["sources"]]
    assert share, "the wrong share (51.7% of the east) is not found"
    for c in share:
        assert ("daily", "fixtures/election/shares.csv", 4, 7, "votes.east.red = 51.7% of total.east") in _where(
            c["claims"])
        assert c["sources"] == ["commission", "daily"]
        assert c["claims"][-1]["quote"] == "In the east the Red Party took 51.7%"
    # every conflict is one of the two planted errors; the north (right shares) is consistent
    assert len(south) + len(share) == len(j["conflicts"])
    north = {q["name"]: q for q in j["quantities"] if ".north" in q["name"]}
    assert {q["status"] for q in north.values()} == {"consistent"}
    assert north["total.north"]["range"]["low"] == "25440"
    relations = {a["relation"] for a in j["agreements"]}
    assert "votes.north.red = 48.9% of total.north" in relations


def test_election_text_report_points_at_rows(run):
    r = run("check", "fixtures/election")
    assert r.code == 1
    assert "fixtures/election/results.csv:9:25  total.south = 21,655" in r.out
    assert "given the definition total.south = sum(votes.south.*)  (fixtures/election/rules.tally:7)" in r.out


CSV = "source,quantity,value,date,quote,url\nagency,killed,about 250,2024-01-02,some 250 were killed,\n" \
      "paper,killed,\"1,000\",2024-01-03,\"a thousand, \"\"at least\"\"\",https://x.test\n"


def test_csv_rows_become_located_claims_with_their_quotes_and_dates():
    doc = read_dataset(CSV, "d.csv")
    assert not doc.diagnostics
    assert [s.id for s in doc.sources] == ["agency", "paper"]
    got = [(c.source, c.text, c.loc.line, c.loc.column, c.quote, c.date) for c in doc.claims]
    assert got == [
        ("agency", "killed = about 250", 2, 15, "some 250 were killed", "2024-01-02"),
        ("paper", "killed = 1,000", 3, 15, 'a thousand, "at least"', "2024-01-03"),
    ]
    report = check_texts([("d.csv", CSV)])
    assert report.verdict == "contradiction"
    assert report.conflicts[0].sources == ("agency", "paper")


def test_tsv_and_jsonl_read_the_same_claims():
    tsv = "source\tquantity\tvalue\nagency\tkilled\tabout 250\npaper\tkilled\t1,000\n"
    jsonl = '{"source": "agency", "quantity": "killed", "value": "about 250"}\n\n' \
            '{"source": "paper", "quantity": "killed", "value": 1000}\n'
    for name, text in (("d.tsv", tsv), ("d.jsonl", jsonl)):
        doc = read_dataset(text, name)
        assert not doc.diagnostics, doc.diagnostics
        assert [(c.source, c.relation.right.text) for c in doc.claims] == [("agency", "about 250"),
                                                                          ("paper", "1,000" if name == "d.tsv"
                                                                           else "1000")]
    doc = read_dataset(jsonl, "d.jsonl")
    assert [(c.loc.line, c.loc.column) for c in doc.claims] == [(1, 54), (3, 52)]  # the first character of each value


def test_jsonl_numbers_are_kept_exact_never_float(run, tmp_path):
    f = write(tmp_path, "d.jsonl", '{"source": "s", "quantity": "rate", "value": 0.1}\n'
                                   '{"source": "s", "quantity": "big", "value": 12345678901234567890123}\n')
    write(tmp_path, "r.tally", "real rate\n")
    r = run("check", tmp_path, "--format", "json")
    assert r.code == 0, r
    q = {x["name"]: x["range"] for x in r.json["quantities"]}
    assert (q["rate"]["low"], q["rate"]["high"]) == ("0.05", "0.15")  # 0.1 as written: rounded at its digit
    assert q["big"]["low"] == q["big"]["high"] == "12345678901234567890123"


def test_source_claim_layout_reuses_the_claim_grammar(run, tmp_path):
    f = write(tmp_path, "c.csv", "source,claim\nmod,returned = returned.swap + 75\nmod,173 returned.swap\n"
                                 "kremlin,\"returned ~ 250 \"\"about 250\"\"\"\n")
    r = run("check", f, "--format", "json")
    assert r.code == 0, r
    q = {x["name"]: x["range"] for x in r.json["quantities"]}
    assert q["returned"]["low"] == q["returned"]["high"] == "248"
    assert r.json["summary"]["claims"] == 3


def test_sources_need_no_declaration_but_a_claims_file_may_name_them(run, tmp_path):
    write(tmp_path, "d.csv", "source,quantity,value\ncec,votes,100\ncec,votes,100\n")
    write(tmp_path, "e.csv", "source,quantity,value\ncec,votes,100\n")
    r = run("check", tmp_path, "--format", "json")
    assert r.code == 0, r
    assert r.json["sources"] == [{"id": "cec", "name": None}]
    write(tmp_path, "rules.tally", 'source cec "Central Electoral Commission"\n')
    r = run("check", tmp_path, "--format", "json")
    assert r.code == 0, r
    assert r.json["sources"] == [{"id": "cec", "name": "Central Electoral Commission"}]


def test_a_row_date_dates_claims_about_cumulative_quantities(run, tmp_path):
    write(tmp_path, "d.csv", "source,quantity,value,date\na,deaths,120,2024-01-05\nb,deaths,100,2024-01-09\n")
    r = run("check", tmp_path, "--format", "json")
    assert r.code == 1, r  # not cumulative: dates are ignored, 120 vs 100
    write(tmp_path, "rules.tally", "cumulative deaths\n")
    r = run("check", tmp_path, "--format", "json")
    assert r.code == 1, r  # cumulative: a later figure may not be smaller
    assert {q["name"] for q in r.json["quantities"]} == {"deaths@2024-01-05", "deaths@2024-01-09"}
    write(tmp_path, "d.csv", "source,quantity,value,date\na,deaths,100,2024-01-05\nb,deaths,120,2024-01-09\n")
    r = run("check", tmp_path, "--format", "json")
    assert r.code == 0, r


def test_column_names_are_mapped_by_options(run, tmp_path):
    f = write(tmp_path, "d.csv", "Outlet,Figure,Amount\nagency,killed,250\npaper,killed,250\n")
    r = run("check", f)
    assert r.code == 2, r
    assert f"{f}:1:1: error: no 'source' or 'quantity' or 'value' column in the header" in r.out
    r = run("check", f, "--set", "source_column=outlet", "--set", "quantity_column=figure",
            "--set", "value_column=Amount", "--format", "json")
    assert r.code == 0, r
    assert r.json["summary"]["claims"] == 2
    cfg = write(tmp_path, "tc.toml", '[tool.tallycheck]\nsource_column = "outlet"\nquantity_column = "figure"\n'
                                     'value_column = "amount"\n')
    r = run("check", f, "--config", cfg)
    assert r.code == 0, r


def test_a_mapped_column_that_is_not_in_the_header_is_located(run, tmp_path):
    f = write(tmp_path, "d.csv", "source,quantity,value\na,x,1\n")
    r = run("check", f, "--set", "source_column=publisher")
    assert r.code == 2
    assert f"{f}:1:1: error: no 'publisher' column in the header (named by the option source_column)" in r.out


BAD = [
    ("missing-column.csv", "source,quantity\na,x\n", "1:1", "no 'value' column in the header"),
    ("bad-value.csv", "source,quantity,value\na,x,12 apples and\n", "2:8", "cannot read '12 apples and' as a number"),
    ("refused.csv", "source,quantity,value\na,x,1e999999999\n", "2:5", "has an exponent beyond the limit"),
    ("decimal-comma.csv", "source,quantity,value\na,x,\"12,5\"\n", "2:6", "cannot read '12,5' as a number"),
    ("empty.csv", "", "1:1", "empty dataset"),
    ("header-only.csv", "source,quantity,value\n", "1:1", "the dataset has a header but no rows"),
    ("unclosed.csv", 'source,quantity,value\na,x,"12\n', "2:5", "this quoted cell is never closed"),
    ("bad-source.csv", "source,quantity,value\n9a,x,1\n", "2:1", "'9a' cannot be a source id"),
    ("no-source.csv", "source,quantity,value\n,x,1\n", "2:1", "this row has no 'source'"),
    ("bad-quantity.csv", "source,quantity,value\na,x y,1\n", "2:3", "'x y' cannot be a quantity name"),
    ("bad-date.csv", "source,quantity,value,date\na,x,1,31/01/2024\n", "2:7", "'31/01/2024' is not a date"),
    ("extra-cells.csv", "source,quantity,value\na,x,1,2\n", "2:7", "this row has 4 cells but the header names 3"),
    ("twice.csv", "source,quantity,value,Value\na,x,1,2\n", "1:23", "the column 'Value' is named twice"),
    ("bad-claim.tsv", "source\tclaim\na\tx = 5 +\n", "2:10", "the line ends too early"),
    ("define-claim.tsv", "source\tclaim\na\tdefine x = y\n", "2:3", "a claim cell holds one claim"),
    ("two-layouts.csv", "source,claim,value\na,x = 1,2\n", "1:1", "a dataset uses one layout"),
    ("bad-json.jsonl", '{"source": "a", "quantity": "x", "value": 1}\n{"source": "a", "value": }\n', "2:26",
     "not a JSON object: Expecting value"),
    ("not-object.jsonl", "[1, 2]\n", "1:1", "each line of a .jsonl file is one JSON object"),
    ("bool.jsonl", '{"source": "a", "quantity": "x", "value": true}\n', "1:43", "the value of 'value' is true/false"),
    ("nan.jsonl", '{"source": "a", "quantity": "x", "value": NaN}\n', "1:1", "NaN is not a number tallycheck reads"),
    ("missing-key.jsonl", '{"source": "a", "quantity": "x"}\n', "1:1", "no 'value' column in the file"),
]


@pytest.mark.parametrize("name, text, where, words", BAD, ids=[b[0] for b in BAD])
def test_bad_datasets_answer_exit_2_with_a_located_message(run, tmp_path, name, text, where, words):
    f = write(tmp_path, name, text)
    r = run("check", f)
    assert r.code == 2, r
    no_traceback(r)
    assert f"{f}:{where}: error: " in r.out, r
    assert words in r.out, r
    j = run("check", f, "--format", "json").json
    assert j["verdict"] == "error"
    assert any(words in e["message"] for e in j["errors"])


def test_invalid_utf8_in_a_dataset_is_located(run, tmp_path):
    f = write(tmp_path, "d.csv", b"source,quantity,value\nagency,killed,12\xff\n")
    r = run("check", f)
    assert r.code == 2
    no_traceback(r)
    assert f"{f}:2:17: error: not valid UTF-8: byte 0xff" in r.out


def test_a_bad_row_does_not_hide_the_others(run, tmp_path):
    f = write(tmp_path, "d.csv", "source,quantity,value\na,x,1\n9b,x,2\na,y,3\nc,y,4\n")
    r = run("check", f, "--format", "json")
    assert r.code == 2
    assert [(e["line"], e["column"]) for e in r.json["errors"]] == [(3, 1)]
    assert r.json["summary"]["claims"] == 3


def test_the_value_is_read_by_the_one_number_reader(monkeypatch):
    import tallycheck.build.builder as build

    seen = []
    real = build.read_number

    def spy(text, *a, **k):
        seen.append(text)
        return real(text, *a, **k)

    monkeypatch.setattr(build, "read_number", spy)
    report = check_texts([("d.csv", "source,quantity,value\na,x,one and a half million\n")], Options())
    assert report.verdict == "consistent"
    assert "one and a half million" in seen
