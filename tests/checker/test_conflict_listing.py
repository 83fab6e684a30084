"""How a conflict is shown does not depend on the other claims checked with it (what lets
tallycheck.run check a big input in shards)."""

from tallycheck.formats import render
from tallycheck.pipeline import check_texts


def test_a_conflict_found_by_branching_shows_each_definition_once():
    """2 × s0.b = 5 has no whole solution; the branching that proves it is no claim of the
    input, and the last claim is not shown in its place."""
    (conflict,) = check_texts([("r.tally", "define s0.b + s0.b = 5\n")]).conflicts
    assert [d.line for d in conflict.definitions] == [1]
    text = "source p\n  x = 5\ndefine s0.b + s0.b = 5\n"
    (conflict,) = check_texts([("r.tally", text)]).conflicts
    assert [d.line for d in conflict.definitions] == [3] and not conflict.claims
