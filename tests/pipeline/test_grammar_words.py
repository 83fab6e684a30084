"""The grammar's number-word terminal and the number reader know the same words."""

import re

from tallycheck.read.grammar import grammar_text, parser
from tallycheck.numbers import VOCABULARY


def test_grammar_word_list_equals_the_readers_vocabulary():
    line = next(l for l in grammar_text().splitlines() if l.startswith("NUMWORDS"))
    first = re.search(r"\(\?:(out\\s\+of\|[^()]*)\)", line).group(1)  # the first list of words
    words = {w for w in first.split("|") if "\\" not in w}  # not the multi-word `out\s+of`, `approx\.`
    assert words == VOCABULARY - {"of"}


def test_of_stays_the_share_keyword_and_joins_number_words():
    tree = parser().parse("  yes = tens of thousands", start="line")
    assert "tens of thousands" in str(tree)
    tree = parser().parse("  yes = 42.7% of voters", start="line")
    assert "share_of" in str(tree)
    tree = parser().parse("  as many as 300 killed", start="line")
    assert "phrase_claim" in str(tree)


def _tokens(line: str) -> list[tuple[str, str]]:
    """The tokens of a line as the parser meets them (the lexer is contextual)."""
    interactive = parser().parse_interactive(line, start="line")
    return [(t.type, str(t)) for t in interactive.iter_parse()]


def test_number_words_run_together_only_as_a_number_is_written():
    """Runs of number words stop where a name, an operator or the `in` of a range starts."""
    assert ("NUMWORDS", "forty-two") in _tokens("  x = forty-two")
    assert [v for t, v in _tokens("  x = one - two") if t == "NUMWORDS"] == ["one", "two"]  # a subtraction
    assert ("NAME", "a-b") in _tokens("  x = a-b")  # one name
    assert [t for t, _ in _tokens("  a in 1..5")][:2] == ["NUMWORDS", "IN"]
    assert ("NUMWORDS", "million") in _tokens("  x in 1 million..1.5 million")
    assert [t for t, _ in _tokens("  no ~ 5")] == ["NUMWORDS", "REL", "NUMLIT"]  # `~` after a term: the relation
    assert [t for t, _ in _tokens("  x = ~5")] == ["NAME", "REL", "APPROXLIT"]
    assert _tokens("  x = 30-50% of y") == [("NAME", "x"), ("REL", "="), ("NUMLIT", "30-50%"), ("OF", "of"),
                                            ("NAME", "y")]  # a range
    assert [t for t, _ in _tokens("  x = 30-y")] == ["NAME", "REL", "NUMLIT", "MINUS", "NAME"]  # a subtraction
