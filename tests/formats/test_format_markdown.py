"""--format markdown: a pull-request comment whose user text renders as exactly that text."""

import html
import re

import pytest

from formats_testkit import CASES, every_kind_of_report, make_report, report_of, report_with_warnings
from tallycheck.formats import render
from tallycheck.formats.markdown_format import code, md

markdown_it = pytest.importorskip("markdown_it")  # installed with rich


def to_html(text: str) -> str:
    return markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)


def visible(fragment: str) -> str:
    """The text a reader sees in rendered html (tags dropped, entities decoded, the
    zero-width spaces that break GitHub's links and mentions dropped)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("\u200b", "")


HOSTILE = [
    "<script>alert(1)</script>",
    "a | b || c",
    "*not emphasis* _nor this_ **nor** ~~this~~",
    "[link](http://example.com) ![img](x.png)",
    "`code` ``more``",
    "$5 and $6 \\ backslash & ampersand &amp; entity",
    "# not a heading #",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_renders_as_itself(text):
    rendered = to_html(f"| cell |\n|---|\n| {md(text)} |\n")
    cell = re.search(r"<td>(.*?)</td>", rendered, re.S).group(1)
    assert "<" not in cell.replace("<br>", ""), cell  # no markup made from the text
    assert visible(cell) == text


@pytest.mark.parametrize("text", ["a|b", "x `y` z", "`start", "plain"])
def test_code_spans_survive_in_table_cells(text):
    rendered = to_html(f"| cell |\n|---|\n| {code(text)} |\n")
    cell = re.search(r"<td>(.*?)</td>", rendered, re.S).group(1)
    assert visible(cell).strip() == text


def test_seed_summary():
    out = render(report_of(CASES["prisoner-exchange"]), "markdown")
    assert out.startswith("## tallycheck: ✗ CONTRADICTION — Return of 248 servicemen from captivity\n")
    page = to_html(out)
    assert "<table>" in page
    assert "moskalkova vs simonyan" in page and "off by 5" in page
    assert "fixtures/prisoner-exchange.tally:13:81" in page and "without exchange" in page
    assert "248 (mod) = 173 (simonyan) + 75 (simonyan, moskalkova)" in page
    assert "<summary>Quantities (5)</summary>" in page


@pytest.mark.parametrize("case", sorted(CASES))
def test_tables_keep_their_columns(case):
    out = render(report_of(CASES[case]), "markdown")
    page = to_html(out)
    for table in re.findall(r"<table>.*?</table>", page, re.S):
        head = len(re.findall(r"<th[ >]", table.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
            assert len(re.findall(r"<td[ >]", row)) == head


def test_hostile_fixture_shows_its_text():
    page = to_html(render(report_of(CASES["hostile-text"]), "markdown"))
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    text = visible(page)
    assert ("we spent <script>document.body.append(document.createElement('xss-quote'))</script> 12 | of 100% "
            "[link](http://x) *now* $5, `tick`: done") in text
    assert "<b>Budget</b> & the 100% | *cuts* $3bn" in text


def test_every_kind_of_record():
    out = render(every_kind_of_report(), "markdown")
    page = to_html(out)
    text = visible(page)
    for heading in ("Contradictions (3)", "Input errors (3)", "Relations that hold (1)", "Undecided (1)"):
        assert heading in text
    assert "line one" in text and "line two, with: 100% | <b>" in text  # a line break stays in its cell
    assert "definition z = 1" in text


def test_no_claims():
    assert "No claims: nothing to check." in render(make_report(), "markdown")


def test_a_big_report_is_cut_to_fit_a_pull_request_comment():
    from tallycheck.pipeline import check_texts

    lines = []
    for i in range(1500):
        lines += [f"count s{i}.total, s{i}.a", f"define s{i}.total = s{i}.a", f"source src{i}",
                  f"  s{i}.total = {i + 10}", f"  s{i}.a = {i + 10 + (i % 50 == 0)}  \"a quote for story {i}\""]
    report = check_texts([("big.tally", "\n".join(lines) + "\n")])
    assert len(report.conflicts) == 30 and len(report.quantities) == 3000
    text = render(report, "markdown")
    assert len(text) <= 60_000
    assert "### Contradictions (30)" in text and text.count("a quote for story") == 30  # every conflict kept
    assert re.search(r"… and \d+ more not shown here", text)  # and it says what is left out
    assert "<summary>Quantities (3000)</summary>" in text


def test_a_small_report_is_never_cut():
    for case in CASES:
        assert "more not shown" not in render(report_of(case), "markdown")


def test_warnings_are_a_table_and_counted():
    out = render(report_with_warnings(), "markdown")
    assert "**✓ CONSISTENT** · 2 warnings · 2 files" in out
    text = visible(to_html(out))
    assert "Warnings (2)" in text
    assert "claims.tally:4:3 `kiled` appears only here; did you mean `killed`? typo" in " ".join(text.split())
