"""Hostile family: located errors.  Every problem is a located, plain message (issue 12, item 6)
or a correct answer -- never an internal error, never a silent drop -- and a long bad line is
read in linear time and small memory (item 5).
"""

from __future__ import annotations

import json
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hostile_testkit import hostile, write

from tallycheck.read.expressions import MAX_NESTING, REGROUP_FROM, nesting
from tallycheck.read.parse import MAX_BACKSLASHES, parse_document, parse_line
from tallycheck.read.syntax import to_text


def _terms(n: int, op: str = "+", form: str = "a{}") -> str:
    return f" {op} ".join(form.format(i) for i in range(n))


# -- long sums: read (regrouped), never a RecursionError -----------------------------------


# 1100 terms: past what the recursive stages took (about 970 at most), and quick to check
SUM, TWICE, DIFFERENCE = _terms(1100), _terms(1100, form="2*a{}"), _terms(1100, "-")


@pytest.mark.parametrize("name, text", [
    ("define of names (the fast path)", f"define total = {SUM}\nsource s\n  total = 5\n"),
    ("define with factors (the grammar)", f"define total = {TWICE}\nsource s\n  total = 10\n"),
    ("differences", f"define total = {DIFFERENCE}\nsource s\n  total >= 0\n"),
    ("a claim with a quote", f"source s\n  total = {SUM} \"all of them\"\n"),
    ("a tag", f"source s\n  \"5{{total = {SUM}}} in all\"\n"),
])
def test_a_sum_of_thousands_of_terms_is_read(tmp_path, name, text):
    write(tmp_path, "sum.tally", text)
    r = hostile(tmp_path, ["check", "sum.tally", "--format", "json"], code=0, timeout=120)
    assert json.loads(r.out)["verdict"] == "consistent", r


def test_a_sum_in_a_dataset_claim_cell_is_read(tmp_path):
    write(tmp_path, "d.csv", f"source,claim\ns,total = {SUM}\ns,total = 3\n")
    hostile(tmp_path, ["check", "d.csv", "--format", "json"], code=0, timeout=120)


def test_a_sum_of_200000_terms_is_read_into_a_shallow_tree():
    doc = parse_document(f"define total = {_terms(200_000, form='q{}')}\n", "sum.tally")
    assert doc.diagnostics == []
    assert nesting(doc.defines[0].relation.right) <= 20  # log2(200000) + 1


def test_a_long_definition_is_named_briefly_beside_each_range_it_pins():
    """Each of a definition's quantities names it as what pins its range: named whole, the
    report grew with the square of its terms (50,000 terms: 2.6 GB, killed for memory)."""
    from tallycheck.run.check import check_texts

    text = f"define total = {_terms(300, form='q{}')}\nsource s\n  total = 7\n"
    report = check_texts([("sum.tally", text)])
    pinned = [t for q in report.quantities for _, t in q.pinned_by]
    assert len(pinned) >= 300
    assert max(len(t) for t in pinned) < 160  # 120 characters of the relation, and its source


def _long_sum_report(n: int):
    from tallycheck.run.check import check_texts

    text = f"define total = {_terms(n, form='longsum{}')}\nsource s\n  total = 7\n  longsum7 = 2\n"
    return check_texts([("sum.tally", text)])


def test_a_long_definition_gives_its_ranges_one_pin_and_one_range_shared():
    """The n quantities of a definition are pinned by it and share one range: one text and one
    Interval for all of them (one each per quantity, 200,000 terms held 120 MB of copies)."""
    parts = [q for q in _long_sum_report(300).quantities if q.name.startswith("longsum") and q.name != "longsum7"]
    assert len(parts) == 299
    assert len({id(t) for q in parts for _, t in q.pinned_by}) == 1
    assert len({id(q.range) for q in parts}) == 1


def test_checking_a_long_sum_lets_the_solver_s_problem_go_before_the_report_is_made(monkeypatch):
    """No constraint of the solver's problem is alive while the report is assembled: with their
    caches they were more than half the memory of a sum of 200,000 terms."""
    import gc

    from tallycheck import pipeline
    from tallycheck.solve.problem import Constraint

    alive = []
    assemble = pipeline.assemble

    def counting(model, results):
        gc.collect()
        alive.append(sum(1 for o in gc.get_objects() if type(o) is Constraint
                         and any(v.startswith("longsum") for v, _ in o.coeffs)))
        return assemble(model, results)

    monkeypatch.setattr(pipeline, "assemble", counting)
    _long_sum_report(300)
    assert alive == [0]


def test_a_long_definition_is_read_for_the_graph_in_one_pass_and_not_drawn(monkeypatch):
    """The html graph finds the names a relation mentions in one pass over its text (a regex per
    name was quadratic: 50,000 terms took 220 s), and counts its nodes before making any."""
    import re

    from tallycheck.formats import _graph

    report = _long_sum_report(2000)
    calls = {"regex": 0, "node": 0}

    class Counting:
        def __getattr__(self, name):
            calls["regex"] += 1
            return getattr(re, name)

    node = _graph.Node

    def counted_node(*args, **kwargs):
        calls["node"] += 1
        return node(*args, **kwargs)

    monkeypatch.setattr(_graph, "re", Counting())
    monkeypatch.setattr(_graph, "Node", counted_node)
    graph = _graph.build(report)
    assert graph.omitted and f"{len(report.quantities) + 1} nodes" in graph.omitted
    assert calls == {"regex": 0, "node": 1}  # the definition's node; no quantity's


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "html"])
def test_a_report_of_thousands_of_quantities_is_written_in_pieces(fmt):
    """A big report is never held whole as one text (68 MB as text at 200,000 quantities, held
    two or three times over while it was joined)."""
    from tallycheck.formats import render, write

    report = _long_sum_report(3000)
    pieces = []

    class Stream:
        write = pieces.append

    write(report, fmt, Stream())
    whole = "".join(pieces)
    assert whole == render(report, fmt)
    assert len(pieces) >= 3  # a piece a record (json), a test case (junit), 1,000 rows or lines (text, html)


def test_a_long_sum_keeps_its_terms_and_signs():
    (item, problem) = parse_line(f"define t = x - {_terms(REGROUP_FROM + 10, '-', 'b{}')} + y", "a.tally", 1)
    assert problem is None
    signs: dict[str, int] = {}
    stack = [(item[1].relation.right, 1)]
    while stack:  # the signed terms of the regrouped tree
        e, sign = stack.pop()
        if hasattr(e, "op"):
            stack += [(e.left, sign), (e.right, sign if e.op == "+" else -sign)]
        else:
            signs[e.name] = sign
    assert signs == {"x": 1, "y": 1, **{f"b{i}": -1 for i in range(REGROUP_FROM + 10)}}


@settings(max_examples=60, deadline=None)
@given(signs=st.lists(st.sampled_from("+-"), min_size=REGROUP_FROM, max_size=3 * REGROUP_FROM),
       parenthesised=st.integers(1, 3 * REGROUP_FROM))  # "(b - c) + d" is read as "b - c + d"
def test_a_long_sum_is_shown_as_written(signs, parenthesised):
    """Regrouping a long sum changes its tree, never how it is written back: without the
    parentheses regrouping made (``a0 + (a1 + a2)``), with the ones the writer made."""
    terms = [f"a{i}" for i in range(len(signs) + 1)]
    if parenthesised < len(terms):
        terms[parenthesised] = f"(b - c{parenthesised})"
    written = terms[0] + "".join(f" {sign} {term}" for sign, term in zip(signs, terms[1:]))
    (item, problem) = parse_line(f"define t = {written}", "a.tally", 1)
    assert problem is None
    assert to_text(item[1].relation.right) == written


@pytest.mark.parametrize("expression", [
    "-" * 5000 + "x",
    " * ".join(f"(a{i}" for i in range(MAX_NESTING + 5)) + ")" * (MAX_NESTING + 5),
    "1 - (" * 3000 + "x" + ")" * 3000,
])
def test_an_expression_nested_too_deeply_is_a_located_error(tmp_path, expression):
    write(tmp_path, "deep.tally", f"source s\n  x = 1\ndefine t = {expression}\n")
    hostile(tmp_path, ["check", "deep.tally"], code=2,
            message=f"deep.tally:3:1: error: this expression is nested")
    write(tmp_path, "deep.tally", f'source s\n  "5{{t = {expression}}} of them"\n')
    hostile(tmp_path, ["check", "deep.tally"], code=2, message=f"tallycheck reads at most {MAX_NESTING} levels")


def test_deep_parentheses_around_one_name_are_just_the_name(tmp_path):
    write(tmp_path, "p.tally", "source s\n  x = " + "(" * 5000 + "y" + ")" * 5000 + "\n  y = 3\n  x = 3\n")
    hostile(tmp_path, ["check", "p.tally"], code=0)


# -- quotes: an unclosed one is said so, at its opening mark, and a long one costs little ----------------


@pytest.mark.parametrize("line, column", [
    ('source a\n  x = 5 "the return', 9),
    ('source a\n  "an additional 75{x} soldiers', 3),
    ('title "Return', 7),
    ('source a "Ministry', 10),
    ('define t = a + b "sum', 18),
    ('source a\n  x = 5 "ends with an escaped mark \\"', 9),
    ('source a\n  5 killed "no end', 12),
])
def test_an_unclosed_quote_is_located_at_its_opening_mark(tmp_path, line, column):
    write(tmp_path, "q.tally", line + "\n")
    lineno = line.count("\n") + 1
    hostile(tmp_path, ["check", "q.tally"], code=2,
            message=f"q.tally:{lineno}:{column}: error: a quote is not closed: it needs a closing `\"`")


def test_a_line_of_thousands_of_escapes_is_refused_plainly(tmp_path):
    write(tmp_path, "q.tally", 'source a\n  x = 5 "' + 'a\\"' * 5000 + '"\n')
    hostile(tmp_path, ["check", "q.tally"], code=2,
            message=f"q.tally:2:{11 + 3 * MAX_BACKSLASHES}: error: more than {MAX_BACKSLASHES} backslashes in one line")
    write(tmp_path, "q.tally", 'source a\n  x = 5 "' + 'a\\"' * MAX_BACKSLASHES + '"\n')
    hostile(tmp_path, ["check", "q.tally"], code=0)


def test_a_closed_quote_ending_with_an_escaped_backslash_is_closed(tmp_path):
    write(tmp_path, "q.tally", 'source a\n  x = 5 "a backslash \\\\"\n')
    hostile(tmp_path, ["check", "q.tally"], code=0)


def test_a_5_mb_line_with_an_unclosed_quote_answers_within_seconds(tmp_path):
    write(tmp_path, "long.tally", 'source a\n  x = 5 "' + "a" * 5_000_000 + "\n")
    hostile(tmp_path, ["check", "long.tally"], code=2, message="long.tally:2:9: error: a quote is not closed",
            timeout=20)


@pytest.mark.parametrize("line", [
    '  x = 5 "' + "a" * 2_000_000,  # not closed: the lexer used to keep state for each character
    '  x = 5 "' + "a" * 2_000_000 + '"',  # closed: the same
    '  x = 5 "' + "ab\\\"" * 200_000,  # escapes, not closed
])
def test_reading_a_long_quote_takes_little_memory(line):
    tracemalloc.start()
    try:
        parse_line(line, "long.tally", 2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * len(line) + 10_000_000, f"{peak / 1e6:.0f} MB for a line of {len(line) / 1e6:.1f} MB"


# -- characters that are not part of the language ------------------------------------------------------


@pytest.mark.parametrize("char, name", [
    ("\x00", "NUL"), ("\u200f", "RIGHT-TO-LEFT MARK"), ("\u2028", "LINE SEPARATOR"), ("\x0c", "FORM FEED"),
    ("\u0085", "a control character"), ("\x0b", "a control character"), ("\u200b", "ZERO WIDTH SPACE"),
    ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
])
def test_an_invisible_character_after_a_claim_is_named_not_taken_for_a_quote(tmp_path, char, name):
    write(tmp_path, "c.tally", f"source a\n  x = 5 {char}\n  y = 6\n")
    r = hostile(tmp_path, ["check", "c.tally", "--format", "json"], code=2)
    (error,) = json.loads(r.out)["errors"]
    assert (error["line"], error["column"]) == (2, 9), r
    assert name in error["message"] and "an invisible character: delete it" in error["message"], r
    assert "quote" not in error["message"], r


def test_a_visible_stray_character_is_not_taken_for_a_quote(tmp_path):
    write(tmp_path, "c.tally", "source a\n  x = 5 $\n")
    r = hostile(tmp_path, ["check", "c.tally"], code=2, message="c.tally:2:9: error: unexpected character '$'")
    assert "not closed" not in r.out


# -- tags: one not closed is an error, never dropped -----------------------------------------------------


@pytest.mark.parametrize("name, text, where, message", [
    ("q.tally", 'source a\n  "about 5{x people"\n', "2:11", "a tag is not closed: this `{` needs a `}`"),
    ("q.tally", 'source a\n  "about 5{x} and 6{y people"\n', "2:20", "a tag is not closed"),
    ("q.tally", 'source a\n  "about 5x} people"\n', "2:12", "this `}` closes no tag"),
    ("q.tally", 'source a\n  x = 5 "and 6{y people"\n', "2:15", "a tag is not closed"),
    ("a.md", "---\nsource: a\n---\nAbout 5{x people came.\n", "4:8", "a tag is not closed"),
    ("a.txt", "---\nsource: a\n---\nAbout 5{x} people, 6}y.\n", "4:21", "this `}` closes no tag"),
    ("d.csv", 'source,claim\na,x = 5 "about 5{x people"\n', "2:17", "a tag is not closed"),
])
def test_an_unclosed_tag_is_a_located_error(tmp_path, name, text, where, message):
    write(tmp_path, name, text)
    hostile(tmp_path, ["check", name], code=2, message=f"{name}:{where}: error: {message}")


def test_an_escaped_brace_in_an_article_is_a_brace(tmp_path):
    write(tmp_path, "a.md", "---\nsource: a\n---\nThe set \\{ of 5{x} people.\n")
    hostile(tmp_path, ["check", "a.md"], code=0)
