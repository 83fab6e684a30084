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


def test_a_conflict_whose_proof_does_not_check_is_an_internal_error_not_a_contradiction(monkeypatch, capsys):
    """A planted solver bug: the conflict search names one claim fewer than its proof uses.
    Every reported conflict's proof is checked first, so the run ends as a bug said plainly,
    and no report says the story contradicts itself."""
    from pathlib import Path

    from tallycheck.cli import main
    from tallycheck.solve import check as solve_check
    from tallycheck.solve.problem import Conflict

    story = str(Path(__file__).resolve().parents[2] / "fixtures" / "prisoner-exchange.tally")
    assert main(["check", story, "--format", "json"]) == 1
    capsys.readouterr()
    real = solve_check.minimal_conflicts

    def one_claim_fewer(*args, **kwargs):
        search = real(*args, **kwargs)
        search.conflicts[:] = [Conflict(c.labels - {min(c.labels)}, c.certificate, c.minimal) for c in search.conflicts]
        return search

    monkeypatch.setattr(solve_check, "minimal_conflicts", one_claim_fewer)
    assert main(["check", story, "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("tallycheck: internal error (ProofFailed: the proof that claims [")
    assert "does not check: uses a constraint that is not available" in err and "This is a bug" in err


def test_a_contradiction_whose_decision_proof_does_not_check_is_an_internal_error(monkeypatch, capsys):
    """A part is contradictory on the strength of its decision's proof, even when no conflict
    is listed (a limit stopped the search): that proof is checked too.  A planted bug (the
    decision's proof is another part's) ends the run as a bug said plainly."""
    from pathlib import Path

    from tallycheck.cli import main
    from tallycheck.solve import check as solve_check
    from tallycheck.solve.problem import Decision

    story = str(Path(__file__).resolve().parents[2] / "fixtures" / "prisoner-exchange.tally")
    other = solve_check.decide(*_another_contradiction())
    real = solve_check.decide

    def with_another_proof(part, *args, **kwargs):
        d = real(part, *args, **kwargs)
        return Decision("unsat", None, other.certificate) if d.status == "unsat" else d

    monkeypatch.setattr(solve_check, "decide", with_another_proof)
    assert main(["check", story, "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "internal error (ProofFailed: the proof that claims [" in err


def _another_contradiction():
    from fractions import Fraction

    from tallycheck.solve.problem import Constraint, Problem

    x = Constraint.make({"x": 1}, "=", Fraction(1), 0)
    y = Constraint.make({"x": 1}, "=", Fraction(2), 1)
    return (Problem((x, y), frozenset()),)


def test_a_claim_on_two_quantities_joined_by_no_sum_is_decided_right():
    """``score / respondents < 0`` is ``score < 0`` and ``respondents > 0``: the part is one by
    its claim, not its variables.  Its contradiction is proved (it was an internal error once
    every proof was checked: the decision took the two for one variable), and ``= 0`` holds."""
    head = "count respondents, score\nsource mod\n  "
    report = check_texts([("m.tally", head + "score / respondents < 0\n")])
    assert len(report.conflicts) == 1 and not report.unknowns
    report = check_texts([("m.tally", head + "score / respondents = 0\n")])
    assert not report.conflicts and not report.unknowns
