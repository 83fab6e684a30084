"""tallycheck.formats._inert: what every format does to text from the inputs.  (The formats
themselves are tried with hostile inputs in tests/hostile/test_output_injection.py.)"""

from __future__ import annotations

import json
import re

from hypothesis import given, strategies as st

from formats_testkit import every_kind_of_report, report_with_warnings
from tallycheck.formats._inert import inert_record, json_text, visible

ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
                    "\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
# any text, with what matters here made frequent
awkward = st.lists(st.one_of(
    st.sampled_from(["\x1b", "\x07", "\r", "\n", "\t", "\x85", "\x9b", "\u202e", "\u2028", "\ud800", "\ufeff",
                     "::", "##[", " ", "\u00a0", "\\", "x"]),
    st.characters()), max_size=30).map("".join)


@given(awkward)
def test_nothing_acts_in_what_visible_gives(text):
    for newlines in (False, True):
        out = visible(text, newlines)
        assert not ACTING.search(out)
        assert "##[" not in out
        assert not any(line.lstrip().startswith("::") for line in out.split("\n"))
        assert ("\n" in out) == (newlines and "\n" in text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), max_size=40))
def test_ordinary_text_is_left_as_it_is(text):
    if "::" not in text and "##[" not in text:
        assert visible(text) == text


def test_how_each_is_written():
    assert visible("a\x1b[2Jb\x07\x08\r\n\x9b\u202e\u2028\ud800") == "a\\x1b[2Jb\\x07\\x08\\r\\n\\x9b\\u202e\\u2028\\ud800"
    assert visible("x\ny", newlines=True) == "x\ny"
    assert visible("\tkept") == "\tkept"
    assert visible("::error::x") == "\\x3a:error::x"
    assert visible("  ::error::x") == "  \\x3a:error::x"
    assert visible("a::b ::c") == "a::b ::c"  # not first on a line: nothing to read as a command
    assert visible("x\n::y", newlines=True) == "x\n\\x3a:y"
    assert visible("a ##[error]b") == "a ##\\x5berror]b"


@given(awkward)
def test_json_keeps_the_data_exact_and_the_file_inert(text):
    encoded = json_text(json.dumps({"t": text}, ensure_ascii=False))
    assert json.loads(encoded) == {"t": text}
    assert not ACTING.search(encoded) and "##[" not in encoded


@given(st.one_of(awkward, st.text(alphabet=st.characters(max_codepoint=0x7f), max_size=30)))
def test_json_text_is_its_pattern_applied_for_any_text(text):
    # the quick return for ASCII printable text gives what the pattern gives, whatever the text
    # (not only what json writes: raw controls, DEL, `##[`)
    from tallycheck.formats._inert import _JSON_ACTING, _json_escape

    for t in (text, json.dumps({"t": text}, ensure_ascii=False)):
        assert json_text(t) == _JSON_ACTING.sub(_json_escape, t)


def test_a_record_without_anything_to_escape_is_the_same_object():
    report = report_with_warnings()
    assert inert_record(report) is report


def test_every_text_of_a_record_is_made_inert_at_any_depth():
    report = every_kind_of_report()  # a quote holds "\x01", the title a line break
    inert = inert_record(report)
    assert inert.title == "Every kind\\nof thing"
    assert inert.conflicts[1].claims[1].quote == "tab\there \\x01 control"
    assert inert.conflicts[0].claims[1] is report.conflicts[0].claims[1]  # untouched parts are shared
    assert inert.verdict == report.verdict and inert.quantities == report.quantities
