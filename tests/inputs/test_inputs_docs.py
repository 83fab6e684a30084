"""README's tour and docs/inputs.md show what the commands really do."""

import re

from inputs_testkit import ROOT


def test_readme_input_examples_run_as_shown(run):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\$ tallycheck (check fixtures/\S+)", readme, re.M)
    assert "check fixtures/articles" in commands and "check fixtures/election" in commands
    for cmd in commands:
        r = run(*cmd.split())
        assert r.code in (0, 1), r
    for link in ("docs/inputs.md", "docs/options.md"):
        assert f"]({link})" in readme and (ROOT / link).exists(), link


def test_docs_inputs_examples_are_what_check_and_extract_print(run, tmp_path):
    doc = (ROOT / "docs" / "inputs.md").read_text(encoding="utf-8")
    out = run("check", "fixtures/articles").out
    for line in ("  • simonyan  fixtures/articles/simonyan.md:8:36  five{released.extra}",
                 "      “She added that an additional 75 soldiers returned home in exchange for five fighters of "
                 "the Azov regiment.”"):
        assert line in doc and line in out
    article = tmp_path / "article.txt"
    article.write_text("Russia's Ministry of Defense said on 31 January 2024 that 248 military personnel "
                       "returned.\nx\nAn audience of about 1.2 million people watched.\n", encoding="utf-8")
    out = run("extract", article).out
    assert "    1:59  248  = 248  [248, 248]  number, exact: integer as written: exact" in out
    assert "    1:59  248  = 248  [248, 248]  number, exact: integer as written: exact" in doc
    assert "about 1.2 million  = 1200000  [1030000, 1370000]  number, not exact: about:" in out
    assert "248{military_personnel} military personnel" in run("extract", article, "--annotate").out
