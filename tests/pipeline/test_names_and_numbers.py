"""Names and number words never collide silently (issue 11, item 1; docs/language.md).

A lone word that is not a number on its own is a quantity name; number words that form a
number are a number; a lone word that is a number on its own and could also be a name is
read both ways, and the line is an error showing both when both make a valid claim.
"""

from fractions import Fraction as F

import pytest

from tallycheck.build.builder import build
from tallycheck.pipeline import check_texts
from tallycheck.read import syntax as s
from tallycheck.read.parse import parse_document, parse_line_with_grammar
from tallycheck.run.scan import claim_keys, number_words


def model_of(text: str):
    return build([parse_document(text, "t.tally")])


def errors_of(text: str) -> list[tuple[int, int, str]]:
    return [(d.location.line, d.location.column, d.message) for d in model_of(text).diagnostics]


def right_side(line: str):
    item, problem = parse_line_with_grammar(line, "t.tally", 1)
    assert problem is None, problem.message
    kind, payload = item
    rel = payload.relation if kind == "define" else payload[1][0][0]
    return rel


# -- the read stage: which words are names, numbers, or both -----------------------------------


@pytest.mark.parametrize("word", ["a", "an", "no", "some", "over", "about", "plus", "per", "dozen", "hundred",
                                  "No", "one-two"])
def test_a_lone_word_that_is_no_number_on_its_own_is_a_name(word):
    rel = right_side(f"  x = {word}")
    assert type(rel.right) is s.Ref and rel.right.name == word


@pytest.mark.parametrize("word", ["one", "five", "half", "twice", "zero", "thousands", "twenty-one", "Five"])
def test_a_lone_word_that_is_a_number_on_its_own_is_read_both_ways(word):
    assert type(right_side(f"  x = {word}").right) is s.Word


@pytest.mark.parametrize("name,number", [("a", "a dozen"), ("a", "a third"), ("about", "about 250"),
                                         ("hundred", "five hundred"), ("no", "no more than 5"),
                                         ("over", "half a million"), ("some", "one in five")])
def test_number_words_that_form_a_number_are_a_number_and_a_lone_one_a_name(name, number):
    rel = right_side(f"  x = {number}")
    assert rel.right == s.Number(number, rel.right.loc)
    rel = right_side(f"  x = {name} + 1")
    assert type(rel.right.left) is s.Ref and rel.right.left.name == name


def test_a_share_is_a_number_and_its_base_a_name():
    for line in ("  x = half of a", "  x = a third of no + b"):
        rel = right_side(line)
        share = rel.right if isinstance(rel.right, s.ShareOf) else rel.right.left
        assert type(share.base) is s.Ref and share.base.name in ("a", "no")
        assert share.share.text in ("half", "a third") and share.base.loc.column == line.rindex(f" {share.base.name}") + 2
    assert type(right_side("  x = half of five").right.base) is s.Word
    assert right_side("  x = half of a million").right.text == "half of a million"


def test_names_in_definitions_ranges_and_attributions():
    assert [t.name for t in (right_side("define total = yes + no + undecided").right.left.left,
                             right_side("define total = yes + no + undecided").right.left.right)] == ["yes", "no"]
    assert right_side("  a in 1..5").left.name == "a"
    item, problem = parse_line_with_grammar("a: x = 5", "t.tally", 1)
    assert problem is None and item[0] == "attributed" and item[1][0] == "a"


def test_a_phrase_claim_and_a_tag_read_a_number_where_the_number_stands():
    text = 'source s\n  five killed\n  "five{hurt} in all"\n  no = five + 1\n'
    doc = parse_document(text, "t.tally")
    assert [c.relation.right.text for c in doc.claims[:1]] == ["five"]
    m = model_of(text)
    assert [c.constraints for c in m.claims[:2]] == [(((("killed", F(1)),), "=", F(5)),),
                                                     (((("hurt", F(1)),), "=", F(5)),)]
    assert [d.message.split(" (")[0] for d in m.diagnostics] == ["'five' could be the number 5"]


# -- the build stage: one valid reading is taken, two are an error -----------------------------


def test_the_election_of_a_and_b_is_consistent():
    report = check_texts([("t.tally", "define total = a + b\nsource s\n  a = 50.3% of total\n"
                                      "  b = 49.7% of total\n  total = 1000\n")])
    assert report.errors == () and report.conflicts == ()
    assert {q.name: str(q.range) for q in report.quantities} == {"a": "503", "b": "497", "total": "1000"}


def test_a_poll_of_yes_no_and_undecided():
    m = model_of("define total = yes + no + undecided\nsource s\n  no = 30% of total\n")
    assert m.diagnostics == []
    assert m.claims[0].quantities == ("no", "total", "undecided", "yes")


def test_a_lone_number_word_that_could_be_both_is_an_error_showing_both():
    assert errors_of("source s\n  x = five\n") == [(
        2, 7, "'five' could be the number 5 (x = 5) or a quantity named five (x = five); write 5 for the "
              "number, or give the quantity a name that is not a number word")]


def test_each_word_that_could_be_both_is_reported_in_a_definition():
    got = errors_of("define t = one + two\n")
    assert [(line, col) for line, col, _ in got] == [(1, 12), (1, 18)]
    assert got[0][2].startswith("'one' could be the number 1 (define t = 1 + two) or a quantity named one "
                                "(define t = one + two)")


@pytest.mark.parametrize("line,message", [
    ("x = half", "'half' could be the number 1/2 (x = 1/2)"),
    ("x = twice", "'twice' could be the number 2 (x = 2)"),
    ("x = thousands", "'thousands' could be a number from 2000 to 999999 (x = between 2000 and 999999)"),
    ('"killed {k = six}"', "'six' could be the number 6 (k = 6)"),
])
def test_the_message_says_what_the_number_is(line, message):
    (got,) = errors_of(f"source s\n  {line}\n")
    assert got[2].startswith(message)


def test_a_word_in_a_sum_compared_with_a_number_is_read_both_ways():
    ((_, _, message),) = errors_of("source s\n  one + x = 5\n")
    assert message.startswith("'one' could be the number 1 (1 + x = 5) or a quantity named one (one + x = 5)")


def test_a_reading_that_makes_no_valid_claim_is_dropped_quietly():
    m = model_of("source s\n  one = 5\n  z = five * w\n  x = half of y\n")
    assert m.diagnostics == []
    assert [c.quantities for c in m.claims] == [("one",), ("w", "z"), ("x", "y")]
    assert m.claims[1].constraints[0] == ((("w", F(-5)), ("z", F(1))), "=", F(0))  # five is the number


def test_a_line_where_no_reading_is_valid_keeps_the_numbers_error():
    assert errors_of("source s\n  five = six\n")[0][2].startswith("'five' could be")  # both ways valid
    ((_, _, message),) = errors_of("source s\n  5 = 6\n")
    assert message == "this claim names no quantity: only numbers are compared"


def test_a_dated_word_is_a_name():
    m = model_of("cumulative five\nsource s\n  five@2024-01-01 = 3\n")
    assert m.diagnostics == [] and m.claims[0].quantities == ("five@2024-01-01",)


def test_number_words_can_be_declared_and_tagged():
    m = model_of('count no, a\nsource s\n  "we counted 12{no} and 3{a}"\n')
    assert m.diagnostics == [] and m.kinds == {"no": "count", "a": "count"}


def test_the_line_scan_counts_a_lone_number_word_as_a_name():
    words = number_words()
    # a dataset's claim column (the line scan drops a leading `define` itself)
    assert claim_keys("total = yes + no + undecided", words) == ["total", "yes", "no", "undecided"]
    assert claim_keys("a = 50.3% of total", words) == ["a", "total"]
    assert claim_keys("one = 5", words) == ["one"]
    assert claim_keys("no ~ 5", words) == ["no"]
    assert claim_keys("more than 200 a.b", words) == ["a.b"]
    assert claim_keys("about 250 killed", words) == ["killed"]
    assert claim_keys("x = no more than 5", words) == ["x"]


def test_a_name_that_is_a_number_word_joins_its_claims_across_jobs(tmp_path):
    """With --jobs, the claims about `no` are checked together (the line scan plans the shards)."""
    from tallycheck.run.check import Run, check_paths

    lines = ["source p", "  no = 5"]
    for i in range(400):
        lines += [f"source s{i}", f"  x{i} = {i}"]
    lines += ["source q", "  no = 6"]
    path = tmp_path / "big.tally"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_paths([str(path)], run=Run(jobs=2, min_lines=0))
    assert report.errors == ()
    assert [c.quantities for c in report.conflicts] == [("no",)]
