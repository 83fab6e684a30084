"""Options from pyproject.toml / setup.cfg / --config / --set: precedence, located errors, one documented list."""

import os
import re
from dataclasses import fields
from fractions import Fraction
from pathlib import Path

import pytest
from inputs_testkit import ROOT, no_traceback, write

from tallycheck.read import config
from tallycheck.options import OPTION_HELP, Options

# `about 100` (10% tolerance: [90, 110]) against 108: consistent at 10%, a contradiction at 5%
CLAIMS = "source a\n  x ~ 100\nsource b\n  x = 108\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / ".git").mkdir()  # the search for a project file stops here
    write(tmp_path, "claims.tally", CLAIMS)
    return tmp_path


def test_defaults_without_any_config(run, project):
    assert run("check", "claims.tally", cwd=project).code == 0


def test_pyproject_table_applies(run, project):
    write(project, "pyproject.toml", '[project]\nname = "x"\n\n[tool.tallycheck]\napproximate = "5%"\n')
    r = run("check", "claims.tally", cwd=project)
    assert r.code == 1, r


def test_setup_cfg_section_applies_from_a_subfolder(run, project):
    write(project, "setup.cfg", "[metadata]\nname = x\n\n[tool:tallycheck]\napproximate = 5%\n")
    sub = project / "sub"
    sub.mkdir()
    write(sub, "claims.tally", CLAIMS)
    assert run("check", "claims.tally", cwd=sub).code == 1


def test_pyproject_without_a_tallycheck_table_is_ignored_and_setup_cfg_is_used(run, project):
    write(project, "pyproject.toml", '[tool.black]\nline-length = 100\n')
    write(project, "setup.cfg", "[tool:tallycheck]\napproximate = 5%\n")
    assert run("check", "claims.tally", cwd=project).code == 1


def test_the_search_stops_at_the_repository_root(run, project):
    write(project, "setup.cfg", "[tool:tallycheck]\napproximate = 5%\n")
    inner = project / "inner"
    (inner / ".git").mkdir(parents=True)
    write(inner, "claims.tally", CLAIMS)
    assert run("check", "claims.tally", cwd=inner).code == 0


def test_precedence_command_line_over_config_over_project_over_defaults(run, project):
    write(project, "pyproject.toml", '[tool.tallycheck]\napproximate = "5%"\n')
    write(project, "loose.toml", 'approximate = "10%"\n')  # a config file of its own: top-level keys
    write(project, "strict.cfg", "[tallycheck]\napproximate = 5%\n")
    assert run("check", "claims.tally", cwd=project).code == 1  # project: 5%
    assert run("check", "claims.tally", "--config", "loose.toml", cwd=project).code == 0  # --config over project
    assert run("check", "claims.tally", "--config", "strict.cfg", cwd=project).code == 1
    assert run("check", "claims.tally", "--config", "strict.cfg", "--set", "approximate=10%",
               cwd=project).code == 0  # command line over --config
    assert run("check", "claims.tally", "--set", "approximate=10%", "--set", "approximate=5%",
               cwd=project).code == 1  # the last --set wins


def test_set_in_a_claims_file_may_tighten_the_config_but_not_loosen_it(run, project):
    write(project, "pyproject.toml", '[tool.tallycheck]\napproximate = "10%"\n')
    write(project, "claims.tally", "set approximate 5%\n" + CLAIMS)
    assert run("check", "claims.tally", cwd=project).code == 1
    write(project, "pyproject.toml", '[tool.tallycheck]\napproximate = "5%"\n')
    write(project, "claims.tally", "set approximate 10%\n" + CLAIMS)
    r = run("check", "claims.tally", cwd=project)
    assert r.code == 2, r
    assert "claims.tally:1:5: error: an input may not raise approximate above the run's 5%" in r.out, r


@pytest.mark.parametrize("name, text, where, words", [
    ("pyproject.toml", '[tool.tallycheck]\napproximate = "5%"\nbogus = 3\n', "3:1", "unknown option 'bogus'"),
    ("setup.cfg", "[tool:tallycheck]\n\n  max_conflicts = many\n", "3:3", "max_conflicts takes a whole number"),
    ("pyproject.toml", '[tool.tallycheck]\napproximate = 0.05\n', "2:1",
     "approximate takes a percentage such as 10%, not '0.05'"),
    ("pyproject.toml", '[tool.tallycheck]\napproximate = [1]\n', "2:1", "give a string, a number or true/false"),
    ("pyproject.toml", '[tool.tallycheck]\napproximate = "5%\n', "2:18", "not valid TOML: Illegal character '\\n'"),
    ("setup.cfg", "[tool:tallycheck]\napproximate\n", "2:1", "not a valid config file"),
])
def test_a_bad_key_or_value_is_a_located_error(run, project, name, text, where, words):
    write(project, name, text)
    r = run("check", "claims.tally", cwd=project)
    assert r.code == 2, r
    no_traceback(r)
    assert f"{name}:{where}: error: " in r.out, r
    assert words in r.out
    j = run("check", "claims.tally", "--format", "json", cwd=project).json
    assert j["verdict"] == "error" and j["summary"]["claims"] == 0  # nothing is checked with bad options


def test_bad_command_line_settings_and_missing_config_file(run, project):
    r = run("check", "claims.tally", "--set", "aproximate=5%", cwd=project)
    assert r.code == 2 and "<command line>: error: unknown option 'aproximate'" in r.out, r
    r = run("check", "claims.tally", "--set", "approximate", cwd=project)
    assert r.code == 2 and "--set takes NAME=VALUE" in r.out, r
    r = run("check", "claims.tally", "--config", "nope.toml", cwd=project)
    assert r.code == 2 and "nope.toml: error: cannot read the config file" in r.out, r
    write(project, "empty.cfg", "[other]\nx = 1\n")
    r = run("check", "claims.tally", "--config", "empty.cfg", cwd=project)
    assert r.code == 2 and "empty.cfg: error: no [tool:tallycheck] section" in r.out, r


def test_toml_numbers_are_exact_and_dashes_are_accepted(project, monkeypatch):
    write(project, "c.toml", '[tool.tallycheck]\ntimeout = 2.5\nmax-nodes = 500\ndecimal-comma = true\n')
    monkeypatch.chdir(project)
    options, problems, used = config.resolve("c.toml", ())
    assert problems == []
    assert options.timeout == Fraction(5, 2) and type(options.timeout) is Fraction
    assert options.max_nodes == 500 and options.decimal_comma is True
    assert used == ["c.toml"]


def test_every_option_is_documented_once_with_its_true_default():
    names = [f.name for f in fields(Options)]
    assert sorted(names) == sorted(OPTION_HELP)
    defaults = Options()
    for name in names:
        m = re.search(r"\(default ([^)]*)\)$", OPTION_HELP[name])
        assert m, f"OPTION_HELP[{name!r}] does not end with its default"
        assert m.group(1) == config._default_text(getattr(defaults, name), name), name


def test_docs_options_md_is_generated_from_the_options():
    path = ROOT / "docs" / "options.md"
    if os.environ.get("TALLYCHECK_UPDATE_GOLDEN"):
        path.write_text(config.options_markdown(), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == config.options_markdown(), (
        "docs/options.md is out of date: regenerate it with TALLYCHECK_UPDATE_GOLDEN=1")
    for name in OPTION_HELP:
        assert f"| `{name}` |" in path.read_text(encoding="utf-8")


def test_set_in_a_claims_file_applies_to_that_file_only(run, project):
    # `about 100` against 108 is a contradiction at 5%, consistent at 10% (the default)
    write(project, "claims.tally", "source a\n  x ~ 100\n")
    write(project, "other.tally", "set approximate 5%\nsource b\n  y ~ 100\n")
    write(project, "data.csv", "source,quantity,value\nc,x,108\nc,y,103\n")
    r = run("check", project, "--format", "json", cwd=project)
    assert r.code == 0, r  # x: 10% in claims.tally; y: 5% in other.tally ([95, 105] holds 103)
    write(project, "data.csv", "source,quantity,value\nc,x,108\nc,y,108\n")
    r = run("check", project, "--format", "json", cwd=project)
    assert r.code == 1, r
    (conflict,) = r.json["conflicts"]
    assert conflict["quantities"] == ["y"]  # 108 is outside y's [95, 105]; x's [90, 110] holds it
    # the same number text read in two files with different settings: each file's own reading
    write(project, "claims.tally", "source a\n  x = about 100\n")
    write(project, "other.tally", "set approximate 5%\nsource b\n  y = about 100\n")
    r = run("check", project, "--format", "json", cwd=project)
    assert r.code == 1 and [c["quantities"] for c in r.json["conflicts"]] == [["y"]], r


def test_the_python_310_fallback_toml_reader_reads_the_tallycheck_table():
    text = ('[project]\nname = "x"\n[tool.tallycheck]\napproximate = "5%"  # stricter\n'
            "max_nodes = 500\ndecimal_comma = true\n[tool.other]\napproximate = 1\n")
    settings, problems = config._read_toml_minimal(text.split("\n"), "pyproject.toml")
    assert problems == []
    assert [(s.name, s.value, s.loc.line) for s in settings] == [
        ("approximate", "5%", 4), ("max_nodes", "500", 5), ("decimal_comma", "true", 6)]
    options, errors = config.apply(Options(), settings)
    assert errors == [] and options.approximate == Fraction(1, 20) and options.decimal_comma is True
