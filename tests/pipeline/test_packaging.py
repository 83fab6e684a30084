"""The installed package finds its grammar and example from anywhere."""

import importlib.util
import shutil
import subprocess

import pytest


def test_grammar_is_packaged_as_tallycheck_grammars():
    spec = importlib.util.find_spec("tallycheck.grammars")
    assert spec is not None, "grammars/ is not installed as tallycheck.grammars"
    from tallycheck.read.grammar import grammar_text

    assert "NUMWORDS" in grammar_text()


@pytest.mark.skipif(shutil.which("tallycheck") is None, reason="console script not installed")
def test_console_script_runs_the_demo_from_the_filesystem_root():
    done = subprocess.run(["tallycheck", "demo"], cwd="/", capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "248 (mod) = 173 (simonyan) + 75 (simonyan, moskalkova)" in done.stdout
    assert "Traceback" not in done.stderr


def test_every_subpackage_is_listed_in_setup_cfg():
    import configparser
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    cfg = configparser.ConfigParser()
    cfg.read(root / "setup.cfg")
    listed = set(cfg["options"]["packages"].split())
    on_disk = {
        ".".join(p.parent.relative_to(root).parts)
        for p in (root / "tallycheck").rglob("__init__.py")
    }
    assert on_disk | {"tallycheck.grammars"} == listed
