"""Annotated prose (.md/.txt with front matter): read, wired into `check`, located in the article."""

from inputs_testkit import no_traceback, write

from tallycheck.pipeline import check_texts
from tallycheck.read.prose import read_prose


def _claims(report):
    return [(c.source, c.text, c.file, c.line, c.column, c.quote) for k in report.conflicts for c in k.claims]


def test_articles_folder_gives_the_seed_contradiction_located_in_the_articles(run):
    r = run("check", "fixtures/articles", "--format", "json")
    assert r.code == 1, r
    j = r.json
    assert j["verdict"] == "contradiction"
    assert j["summary"]["files"] == 4 and j["summary"]["sources"] == 3
    (conflict,) = j["conflicts"]
    assert conflict["sources"] == ["moskalkova", "simonyan"]
    assert conflict["quantities"] == ["released.extra"]
    got = {(c["source"], c["file"], c["line"], c["column"], c["text"]) for c in conflict["claims"]}
    assert got == {
        ("moskalkova", "fixtures/articles/moskalkova.txt", 6, 52, "{released.extra = 0}"),
        ("simonyan", "fixtures/articles/simonyan.md", 8, 36, "five{released.extra}"),
    }
    quotes = {c["source"]: c["quote"] for c in conflict["claims"]}
    # the quote is the sentence around the tag, over line breaks, tags removed
    assert quotes["simonyan"] == ("She added that an additional 75 soldiers returned home in exchange for five "
                                  "fighters of the Azov regiment.")
    assert quotes["moskalkova"] == ("Human Rights Commissioner Tatyana Moskalkova said that these 75 soldiers were "
                                    "returned from Ukrainian captivity without exchange.")


def test_articles_and_the_seed_claims_file_agree_on_everything_but_locations(run):
    a = run("check", "fixtures/articles", "--format", "json").json
    b = run("check", "fixtures/prisoner-exchange.tally", "--format", "json").json
    assert a["title"] == b["title"]
    assert [(c["sources"], c["quantities"]) for c in a["conflicts"]] == [
        (c["sources"], c["quantities"]) for c in b["conflicts"]]
    def same(quantities):
        return [dict(q, claimed=sorted((c["value"], sorted(c["sources"])) for c in q["claimed"])) for q in quantities]

    assert same(a["quantities"]) == same(b["quantities"])
    assert [x["relation"] for x in a["agreements"]] == [x["relation"] for x in b["agreements"]]


def test_text_report_shows_article_locations(run):
    r = run("check", "fixtures/articles")
    assert r.code == 1
    assert "fixtures/articles/simonyan.md:8:36  five{released.extra}" in r.out
    assert "248 (mod) = 173 (simonyan) + 75 (moskalkova, simonyan)" in r.out


def test_tag_location_is_line_and_column_of_the_tag_in_the_article():
    text = "---\nsource: a\n---\nFirst line.\nIt said 12{x} and\nlater 7{y = 3}.\n"
    doc = read_prose(text, "art.md")
    assert not doc.diagnostics
    assert [(c.loc.line, c.loc.column, c.quote) for c in doc.claims] == [
        (5, 12, "It said 12 and later 7."), (6, 9, "It said 12 and later 7.")]
    assert [s.id for s in doc.sources] == ["a"]


def test_a_folder_skips_text_without_front_matter_but_a_named_one_is_an_error(run, tmp_path):
    write(tmp_path, "rules.tally", "define t = t.a + t.b\n")
    write(tmp_path, "one.md", "---\nsource: one\n---\nThe total was 10{t}, with 4{t.a} and 6{t.b}.\n")
    write(tmp_path, "README.md", "Notes for editors: 99{t} is not a claim.\n")
    r = run("check", tmp_path, "--format", "json")
    assert r.code == 0, r
    assert r.json["summary"]["files"] == 2  # rules.tally and one.md; README.md skipped
    r = run("check", tmp_path / "README.md")
    assert r.code == 2, r
    no_traceback(r)
    assert f"{tmp_path / 'README.md'}:1:1: error: no front matter" in r.out


def test_several_articles_are_several_sources_and_a_tally_file_supplies_definitions():
    rules = ("rules.tally", "define t = t.a + t.b\n")
    a = ("a.md", "---\nsource: a\nname: Agency A\n---\nIn all 10{t} people.\n")
    b = ("b.txt", "---\nsource: b\n---\nOf them 4{t.a} left, and 7{t.b} stayed.\n")
    report = check_texts([rules, a, b])
    assert report.verdict == "contradiction"
    (conflict,) = report.conflicts
    assert conflict.sources == ("a", "b")
    assert dict(report.sources) == {"a": "Agency A", "b": None}


def test_bad_front_matter_is_located(run, tmp_path):
    f = write(tmp_path, "bad.md", "---\nsource: 9lives\ndate: 2024-13-01\n---\nIt was 5{x}.\n")
    r = run("check", f)
    assert r.code == 2, r
    no_traceback(r)
    assert f"{f}:2:9: error: '9lives' cannot be a source id" in r.out
    assert f"{f}:3:7: error: '2024-13-01' is not a date" in r.out


def test_unclosed_front_matter_and_unreadable_tag_are_located(run, tmp_path):
    f = write(tmp_path, "open.md", "---\nsource: a\nIt was 5{x}.\n")
    r = run("check", f)
    assert r.code == 2 and f"{f}:1:1: error: the front matter opened here is never closed" in r.out, r
    g = write(tmp_path, "tag.md", "---\nsource: a\n---\nIt was 5{x y z} and {q}.\n")
    r = run("check", g)
    assert r.code == 2, r
    assert f"{g}:4:12: error: cannot read this tag" in r.out  # at `y`, what cannot follow the name
    assert f"{g}:4:22: error: no number is written just before {{q}}" in r.out


def test_invalid_utf8_in_an_article_is_located(run, tmp_path):
    f = write(tmp_path, "a.md", b"---\nsource: a\n---\nIt was 5{x} caf\xe9.\n")
    r = run("check", f)
    assert r.code == 2
    no_traceback(r)
    assert f"{f}:4:16: error: not valid UTF-8: byte 0xe9" in r.out
