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
