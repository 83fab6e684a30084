"""`tallycheck extract FILE`: every numeric mention with its reading; --annotate suggests tags."""

import pytest
from inputs_testkit import no_traceback, write

ARTICLE = (
    "Russia's Ministry of Defense said on 31 January 2024 that 248 military personnel returned.\n"
    "The exchange took place according to the formula 173 to 173. An additional 75 soldiers\n"
    "returned home in exchange for five fighters; about 1.2 million people watched, 43% approved,\n"
    "200-250 protested and 1e999999999 were confused.\n"
)


@pytest.fixture
def article(tmp_path):
    return write(tmp_path, "article.txt", ARTICLE)


def test_json_lists_every_mention_with_position_and_exact_reading(run, article):
    r = run("extract", article, "--format", "json")
    assert r.code == 0, r
    ms = r.json["mentions"]
    assert [(m["line"], m["column"], m["text"], m["kind"]) for m in ms] == [
        (1, 38, "31", "number"), (1, 49, "2024", "year"), (1, 59, "248", "number"),
        (2, 50, "173", "number"), (2, 57, "173", "number"), (2, 76, "75", "number"),
        (3, 31, "five", "number"), (3, 46, "about 1.2 million", "number"), (3, 80, "43%", "percent"),
        (4, 1, "200-250", "range"), (4, 23, "1e999999999", "number"),
    ]
    by_text = {m["text"]: m for m in ms}
    about = by_text["about 1.2 million"]
    assert (about["value"], about["low"], about["high"], about["exact"]) == ("1200000", "1030000", "1370000", False)
    assert (by_text["43%"]["low"], by_text["43%"]["high"]) == ("0.425", "0.435")
    rng = by_text["200-250"]
    assert (rng["value"], rng["low"], rng["high"]) == (None, "200", "250")
    refused = by_text["1e999999999"]
    assert refused["value"] is None and "exponent beyond the limit" in refused["error"]
    assert by_text["five"]["error"] is None
    for m in ms:  # SPEC §4 fields, exact strings only
        assert {"line", "column", "text", "value", "low", "high"} <= set(m)
        for k in ("value", "low", "high"):
            assert m[k] is None or isinstance(m[k], str)
    lines = ARTICLE.split("\n")
    for m in ms:
        assert lines[m["line"] - 1][m["column"] - 1:].startswith(m["text"])


def test_text_lists_mentions_and_logs_the_count_on_stderr(run, article):
    r = run("extract", article)
    assert r.code == 0
    assert "    1:59  248  = 248  [248, 248]  number, exact" in r.out
    assert "3:46  about 1.2 million  = 1200000  [1030000, 1370000]  number, not exact: about:" in r.out
    assert "4:23  1e999999999  (not read:" in r.out
    assert r.err.strip() == f"11 mentions in {article}"


def test_annotate_suggests_a_tag_after_each_figure(run, article):
    r = run("extract", article, "--annotate")
    assert r.code == 0
    assert r.out.split("\n")[0] == (
        "Russia's Ministry of Defense said on 31 January 2024 that 248{military_personnel} military personnel "
        "returned.")
    assert "An additional 75{soldiers} soldiers" in r.out
    assert "five{fighters} fighters; about 1.2 million{people_watched} people watched, 43%{share_approved}" in r.out
    assert "200-250{protested} protested and 1e999999999 were" in r.out  # a refused mention is left as it is
    assert "on 31 January 2024 that" in r.out  # a date's day and a year are not tagged
    assert r.out.count("{") == 8


def test_an_annotated_text_with_front_matter_is_an_article_that_checks(run, article, tmp_path):
    annotated = run("extract", article, "--annotate").out
    f = write(tmp_path / "checked", "article.md", "---\nsource: mod\n---\n" + annotated)
    r = run("check", f, "--format", "json")
    assert r.code == 0, r
    assert r.json["summary"]["claims"] == 8
    names = {q["name"] for q in r.json["quantities"]}
    assert {"military_personnel", "soldiers", "fighters"} <= names


def test_extract_reads_with_the_configured_options(run, tmp_path):
    f = write(tmp_path, "a.txt", "It cost 12,5 euros.\n")
    r = run("extract", f, "--format", "json")
    assert "set decimal_comma = true" in r.json["mentions"][0]["error"]
    r = run("extract", f, "--format", "json", "--set", "decimal_comma=true")
    m = r.json["mentions"][0]
    assert (m["value"], m["low"], m["high"], m["currency"]) == ("12.5", "12.45", "12.55", "EUR")


def test_missing_and_undecodable_files_exit_2_located(run, tmp_path):
    r = run("extract", tmp_path / "nope.txt", "--format", "json")
    assert r.code == 2
    no_traceback(r)
    assert r.json["mentions"] == [] and r.json["errors"][0]["code"] == "io"
    f = write(tmp_path, "bad.txt", b"It cost 5 caf\xe9s.\n")
    r = run("extract", f)
    assert r.code == 2 and r.out == ""
    assert f"{f}:1:14: error: not valid UTF-8: byte 0xe9" in r.err
