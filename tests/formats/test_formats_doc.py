"""docs/formats.md: every format documented, with an excerpt that is still, byte for
byte, in the golden file it names (so the doc cannot drift from what tallycheck prints)."""

from __future__ import annotations

import re

import pytest

from formats_testkit import EXPECTED, ROOT, SUFFIX
from tallycheck.formats import FORMATS

DOC = ROOT / "docs" / "formats.md"
# <!-- golden: NAME --> right before a fenced block
EXCERPT = re.compile(r"<!-- golden: (?P<name>[^ ]+) -->\n```[^\n]*\n(?P<body>.*?)\n```", re.S)


def excerpts() -> list[tuple[str, str]]:
    return [(m["name"], m["body"]) for m in EXCERPT.finditer(DOC.read_text(encoding="utf-8"))]


def test_every_format_has_a_section_with_an_excerpt_of_its_own_golden_file():
    text = DOC.read_text(encoding="utf-8")
    names = [name for name, _ in excerpts()]
    for fmt in FORMATS:
        assert f"\n## `{fmt}`\n" in text, f"docs/formats.md has no section for {fmt}"
        assert any(name.endswith(SUFFIX[fmt]) and not (fmt == "text" and name.endswith(".github.txt"))
                   for name in names), f"no excerpt of a {fmt} golden file in docs/formats.md"


@pytest.mark.parametrize("name,body", excerpts(), ids=[n for n, _ in excerpts()])
def test_excerpt_is_in_its_golden_file(name, body):
    golden = EXPECTED / name
    assert golden.exists(), f"docs/formats.md names {name}, which is not in fixtures/expected/"
    assert body.strip(), name
    assert body in golden.read_text(encoding="utf-8"), (
        f"the excerpt of {name} in docs/formats.md is no longer in the golden file: copy it anew"
    )


def test_every_marker_is_followed_by_its_excerpt():
    """A marker whose block is malformed would otherwise be skipped without a word."""
    assert DOC.read_text(encoding="utf-8").count("<!-- golden:") == len(excerpts()) >= len(FORMATS)


def test_the_ci_snippet_uses_real_options():
    """The workflow in the doc only uses formats and options that exist."""
    text = DOC.read_text(encoding="utf-8")
    snippet = text[text.index("```yaml"):]
    snippet = snippet[: snippet.index("\n```\n")]
    used = re.findall(r"tallycheck check \S+ --format (\w+)", snippet)
    assert {"sarif", "github", "markdown", "html"} <= set(used) <= set(FORMATS)
    assert "upload-sarif" in snippet and "security-events: write" in snippet
