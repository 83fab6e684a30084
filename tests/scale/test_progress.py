"""Progress goes to stderr, and only when stderr is a terminal; stdout holds only the report."""

import io

from tallycheck.cli import main
from tallycheck.commands.progress import progress_on_stderr


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_no_progress_when_stderr_is_not_a_terminal(capsys):
    with progress_on_stderr() as update:
        assert update is None  # pytest's captured stderr is not a terminal
    code = main(["check", "fixtures/prisoner-exchange.tally", "--format", "json", "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 1 and out.startswith("{") and err == ""


def test_a_terminal_gets_a_bar_with_components_and_conflicts(monkeypatch):
    term = FakeTerminal()
    monkeypatch.setattr("sys.stderr", term)
    with progress_on_stderr() as update:
        assert update is not None
        update("files", 1, 1, 0)
        update("components", 500, 1000, 7)
    shown = term.getvalue()
    assert "components" in shown and "500/1000" in shown and "7 conflicts so far" in shown
