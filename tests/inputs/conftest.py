import pytest

from inputs_testkit import make_run


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the CLI in-process from the project root, as a user would from a checkout."""
    return make_run(capsys, monkeypatch)
