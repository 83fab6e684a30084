"""The read stage on small inline documents: statements, attribution, located errors."""

from textwrap import dedent

from tallycheck.read.parse import parse_document


def read(text: str):
    return parse_document(dedent(text).lstrip("\n"), "t.tally")


def test_seed_statements_and_claims_are_attributed_by_indentation():
    doc = read(
        """
        title "Return of 248"
        define returned = returned.swap + returned.extra
        source mod "Russian Ministry of Defense" 2024-01-31 <https://example.org/a#b>
          returned = 248   "the return of 248 military personnel"
        source simonyan
          "formula 173{returned.swap} to 173{released.swap}"
        """
    )
    assert doc.diagnostics == []
    assert doc.title == "Return of 248"
    mod = doc.sources[0]
    assert (mod.id, mod.name, mod.date, mod.url) == ("mod", "Russian Ministry of Defense", "2024-01-31",
                                                     "https://example.org/a#b")
    assert [d.text for d in doc.defines] == ["returned = returned.swap + returned.extra"]
    first, swap, released = doc.claims
    assert (first.source, first.form, first.text, first.quote) == (
        "mod", "structured", "returned = 248", "the return of 248 military personnel")
    assert (first.loc.line, first.loc.column) == (4, 3)
    assert (swap.source, swap.form, swap.tag.quantity.name) == ("simonyan", "tag", "returned.swap")
    # the second tag reads its number from the text after the first tag only
    assert swap.tag.before.endswith("formula 173") and released.tag.before == " to 173"
    assert swap.quote == "formula 173 to 173"


def test_phrase_pair_gives_two_claims():
    doc = read(
        """
        source s
          173 returned.swap to 173 released.swap  "173 to 173"
        """
    )
    assert [(c.form, c.text) for c in doc.claims] == [
        ("phrase", "173 returned.swap"), ("phrase", "173 released.swap")]


def test_attributed_claim_and_comment_with_hash_in_quote():
    doc = read(
        """
        source mod "MoD"
        mod: returned = 248  "figure #1"  # a comment
        """
    )
    assert doc.diagnostics == []
    (claim,) = doc.claims
    assert (claim.source, claim.quote) == ("mod", "figure #1")


def test_claim_outside_any_source_is_located():
    doc = read(
        """
        returned = 248
        define x = a + b
          a = 5
        """
    )
    msgs = [(d.location.line, d.code) for d in doc.diagnostics]
    assert msgs == [(1, "no-source"), (3, "no-source")]
    assert "indented, but not under a `source` line" in doc.diagnostics[1].message


def test_every_syntax_error_is_reported_with_line_column_and_caret():
    doc = read(
        """
        source a
          returned 248
          x = (a + b
          "an unclosed quote
          y = 5
        """
    )
    assert [(d.location.line, d.location.column) for d in doc.diagnostics] == [(2, 12), (3, 13), (4, 3)]
    first = doc.diagnostics[0]
    assert "a claim needs a relation" in first.message
    rendered = first.render().splitlines()
    assert rendered[0].startswith("t.tally:2:12: error:")
    assert rendered[1].strip() == "returned 248"
    assert rendered[2].index("^") == rendered[1].index("248")
    assert "parenthesis is not closed" in doc.diagnostics[1].message
    assert "quote is not closed" in doc.diagnostics[2].message
    assert [c.text for c in doc.claims] == ["y = 5"]


def test_bad_tag_is_located_inside_the_quote():
    doc = read(
        """
        source a
          "bad {x = } tag"
        """
    )
    (d,) = doc.diagnostics
    assert (d.code, d.location.line, d.location.column) == ("tag", 2, 11)


def test_windows_line_endings_and_bom():
    doc = parse_document('\ufeffsource a\r\n  x = 5\r\n', "w.tally")
    assert doc.diagnostics == [] and doc.claims[0].text == "x = 5"
