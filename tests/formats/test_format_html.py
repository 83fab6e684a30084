"""--format html, read as markup: one self-contained page (nothing fetched), every text
from the inputs escaped, every part of the report present.  (The browser test opens it.)"""

from __future__ import annotations

import re
from fractions import Fraction
from html.parser import HTMLParser

import pytest

from formats_testkit import CASES, claim, every_kind_of_report, make_report, report_of, report_with_warnings
from tallycheck.formats import render
from tallycheck.formats._graph import MAX_NODES
from tallycheck.numbers.interval import Interval
from tallycheck.report.records import Conflict, QuantityRange

# attributes through which a page can fetch or navigate to something
URL_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "data", "background",
                  "ping", "cite", "longdesc", "manifest", "codebase", "archive", "lowsrc", "dynsrc"}
FETCHING_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "audio", "video", "source",
                 "track", "image", "use", "base", "form", "input", "picture", "portal", "feimage"}


class Page(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "style" in attrs:
            self.styles.append(attrs["style"] or "")
        self._in.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if "style" in dict(attrs):
            self.styles.append(dict(attrs)["style"] or "")

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in and self._in[-1] == "style":
            self.styles.append(data)
        elif not (self._in and self._in[-1] in ("title",)):
            self.text.append(data)

    def tags(self) -> list[str]:
        return [t for t, _ in self.elements]

    def with_class(self, name: str) -> list[dict]:
        return [a for _, a in self.elements if name in (a.get("class") or "").split()]


def html_of(report) -> str:
    return render(report, "html")


def assert_self_contained(markup: str) -> None:
    page = Page(markup)
    assert not FETCHING_TAGS & set(page.tags()), sorted(FETCHING_TAGS & set(page.tags()))
    for tag, attrs in page.elements:
        assert not URL_ATTRIBUTES & set(attrs), (tag, attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)  # no event handlers
    for css in page.styles:
        assert not re.search(r"url\s*\(|@import|@font-face|image-set\s*\(", css, re.I), css
    # and the browser is told so: nothing but inline styles may load
    (csp,) = [a for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp["content"].startswith("default-src 'none';") and "script-src" not in csp["content"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_fixture_page_is_self_contained(case):
    assert_self_contained(html_of(report_of(CASES[case])))


def test_the_self_contained_check_can_fail():
    good = html_of(report_of(CASES["prisoner-exchange"]))
    for bad in (
        good.replace("</main>", '<img alt="x" src="https://example.com/x.png"></main>'),
        good.replace("</style>", "body{background:url(https://example.com/a.png)}</style>"),
        good.replace("</main>", '<a href="https://example.com">x</a></main>'),
        good.replace("</main>", '<p onclick="x()">x</p></main>'),
    ):
        with pytest.raises(AssertionError):
            assert_self_contained(bad)


def test_every_kind_page_is_self_contained_and_complete():
    markup = html_of(every_kind_of_report())
    assert_self_contained(markup)
    page = Page(markup)
    ids = {a.get("id") for _, a in page.elements}
    assert {"verdict", "errors", "conflicts", "relations", "undecided", "graph", "quantities", "sources"} <= ids
    assert {"conflict-1", "conflict-2", "conflict-3"} <= ids
    text = "".join(page.text)
    assert "inside a (internal inconsistency) on y" in text
    assert "among the definitions on z" in text
    assert "given the definition t = x + y" in text
    assert "line one\nline two, with: 100% | <b>" in text  # a quote's line break is kept, its markup is text
    # the graph marks the conflicts, the contradictory quantities and the definition relied on
    assert len(page.with_class("node-conflict")) == 3
    assert len(page.with_class("contradictory")) == 3  # x, y, z
    # z = 1 and z = 2 (t = x + y, also a relation that holds, is drawn once, as that)
    assert len(page.with_class("node-definition")) == 2
    assert len(page.with_class("node-quantity")) == len(every_kind_of_report().quantities)


def test_hostile_text_is_escaped_everywhere():
    markup = html_of(report_of(CASES["hostile-text"]))
    page = Page(markup)
    assert not {"script", "img", "b"} & set(page.tags())
    text = "".join(page.text)
    assert "<b>Budget</b> & the 100% | *cuts* $3bn" in text
    assert "createElement('xss-quote'))</script> 12 | of 100% [link](http://x)" in text
    assert "<img src=x onerror=document.body.append(document.createElement('xss-img'))>" in text
    # the title shows the escaped text too
    assert "<title>✗ CONTRADICTION · &lt;b&gt;Budget&lt;/b&gt; &amp; the 100% | *cuts* $3bn</title>" in markup


def test_a_graph_too_big_to_draw_is_said_not_drawn():
    many = tuple(QuantityRange(f"q{i:03}", "count", "consistent", Interval(Fraction(i), Fraction(i)), ())
                 for i in range(MAX_NODES + 1))
    page = Page(html_of(make_report(quantities=many)))
    assert "svg" not in page.tags()
    assert f"The graph is not drawn: it would have {MAX_NODES + 1} nodes" in "".join(page.text)


def test_seed_graph_joins_the_conflict_to_its_quantity():
    markup = html_of(report_of(CASES["prisoner-exchange"]))
    svg = markup[markup.index("<svg"): markup.index("</svg>")]
    assert svg.count('class="edge edge-conflict"') == 1
    assert svg.count('class="edge edge-relation"') == 3  # returned, returned.swap, returned.extra
    assert "released.extra" in svg and "5 (simonyan); 0 (moskalkova)" in svg


def test_no_claims_page():
    page = Page(html_of(make_report()))
    assert "No claims: nothing to check." in "".join(page.text)


def test_a_definition_only_conflict_lists_the_definitions():
    d = claim(None, "z = 1", 1)
    report = make_report(conflicts=(Conflict((), (d,), (), ("z",), "z = 1 but z = 2"),))
    text = "".join(Page(html_of(report)).text)
    assert "among the definitions on z" in text and "claims.tally:1:3" in text


def test_a_claimed_share_of_a_defined_total_does_not_stretch_the_graph():
    """``total = a + b`` (a definition) and ``a = 40% of total`` (a source's claim) form a
    cycle; the definition leads: total in the first layer, its parts in the next, and the
    picture stays as wide as those layers (it used to spread over one layer per quantity)."""
    from tallycheck.formats import _graph
    from tallycheck.report.records import Agreement

    qs = tuple(QuantityRange(n, "count", "consistent", Interval(Fraction(v), Fraction(v)), ())
               for n, v in (("a", 40), ("b", 60), ("c", 1), ("d", 1), ("e", 1), ("total", 100)))
    report = make_report(
        quantities=qs,
        agreements=(
            Agreement("total = a + b", "100 = 40 + 60", claim(None, "total = a + b", 1)),
            Agreement("a = 40% of total", "40 = 40% of 100", claim("s", "a = 40% of total", 3)),
        ),
    )
    g = _graph.build(report)
    column = {n.key: n.column for n in g.nodes}
    assert column["q:total"] == 0 and column["q:a"] == column["q:b"] == 2
    assert max(column.values()) <= 3


def test_warnings_have_a_section_and_are_counted_in_the_verdict():
    markup = html_of(report_with_warnings())
    assert_self_contained(markup)
    page = Page(markup)
    assert len(page.with_class("warning")) == 2
    assert '<p class="verdict v-consistent" id="verdict">✓ CONSISTENT · 2 warnings</p>' in markup
    text = "".join(page.text)
    assert "Warnings (2)" in text
    assert "claims.tally:4:3 typo `kiled` appears only here; did you mean `killed`?" in text
    assert "  kiled = 41" in text  # the line, as a caret display would show it
