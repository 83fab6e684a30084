"""Any text given to the dataset and article readers gives a Document and located diagnostics, never an exception."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tallycheck.read.datasets import read_dataset
from tallycheck.read.prose import read_prose

CELLS = st.sampled_from(["source", "quantity", "value", "claim", "date", "a", "x.y", "12,450", "about 250",
                         '"', '""', ",", "\t", "\n", "{", "}", " ", "1e999999999", "x = 5", "2024-01-01", ":",
                         "[", "]", "null", "true", "1.5", "NaN", "\r\n", "\ufeff", "\\", "{\"source\": \"a\"",
                         ", \"value\": 1}", ", \"quantity\": \"x\"", "{\"claim\": \"x = 1\"}"])
TEXT = st.lists(CELLS, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["d.csv", "d.tsv", "d.jsonl"]))
def test_dataset_reader_never_raises(text, name):
    doc = read_dataset(text, name)
    for d in doc.diagnostics:
        assert d.location.file == name and d.location.line >= 1 and d.location.column >= 1
    for c in doc.claims:
        assert c.loc.file == name and c.loc.line >= 1


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_prose_reader_never_raises(text):
    doc = read_prose("---\nsource: a\n---\n" + text, "a.md")
    for c in doc.claims:
        assert c.loc.line >= 4
