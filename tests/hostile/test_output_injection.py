"""Everything shown is inert (issue 12 item 4): text from the inputs -- titles, source names,
quotes, the lines shown under errors, file names -- never acts on the terminal, the CI runner
or the viewer of a report, in any format.

Each case writes hostile inputs, runs ``tallycheck check`` in a fresh process through the
kit's ``hostile()`` (exit code, no traceback, inputs unchanged, the message), and then looks
at what one payload became in one format:

- none of its characters that act (controls, bidirectional overrides, line separators, …)
  is in the output raw, and it is shown, escaped visibly (``\\x1b``, ``\\u202e``);
- no line of a CI log it could land in is a workflow command that came from the inputs
  (``::`` at the start of a line, ``##[`` anywhere);
- markdown makes no link, image, mention, issue reference or HTML of it;
- JSON keeps it exactly, written with escapes.

A folder of inputs is checked once per format; the cases look at its output.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hostile_testkit import hostile, write

from tallycheck.formats._inert import visible

# the characters that act somewhere: C0 but tab and line feed, DEL, C1, bidirectional
# controls, invisible marks, line/paragraph separators, lone surrogates
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
                    "\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]")

PAYLOADS = {
    "osc8-link": "\x1b]8;;https://evil.example/\x07click here\x1b]8;;\x07",
    "clear-screen": "\x1b[2J\x1b[3J\x1b[H",
    "window-title": "\x1b]0;pwned\x07",
    "bell-backspace": "fine\x07\x08\x08\x08\x08bad!",
    "c1-csi": "\x9b31mred\x9b0m",
    "next-line": "one\x85two",
    "rtl-override": "\u202eevil.exe\u202c",
    "bidi-marks": "a\u200fb\u2066c\u2069d\u061c",
    "line-separators": "one\u2028two\u2029three",
    "zero-width": "kil\u200bled\u2060\ufeff",
    "actions-v1": "##[error]forged ##[stop-commands]token",
}
# what was already inert in a format before issue 12 is not a case there: JSON escaped C0
# controls, JUnit wrote those XML cannot hold as \uXXXX; the github format shows quotes
# only, a quote is read with its line breaks (U+0085, U+2028, U+2029) as spaces, and the
# runner reads a line that starts `::error …::` as that command, never as `##[` further on
C0_ONLY = {"osc8-link", "clear-screen", "window-title", "bell-backspace"}
NOT_IN_GITHUB = {"next-line", "line-separators", "actions-v1"}
FORMATS = ("text", "github", "markdown", "junit", "sarif", "json", "html")
CASES = [(fmt, name) for fmt in FORMATS for name in PAYLOADS
         if not (fmt in ("json", "junit") and name in C0_ONLY) and not (fmt == "github" and name in NOT_IN_GITHUB)]


def claims_file() -> str:
    """The title, a source's name and a quote of a contradiction hold each payload."""
    out = ['title "' + " | ".join(f"T-{name} {p}" for name, p in PAYLOADS.items()) + '"']
    for i, (name, p) in enumerate(PAYLOADS.items()):
        out += [f'source s{i} "S-{name} {p}"', f'  q{i} = 5 "Q-{name} {p}"', f"source t{i}", f"  q{i} = 6"]
    return "\n".join(out) + "\n"


COMMAND_LINE = "::error file=README.md::forged-line"


def broken_file() -> str:
    """Each payload on a line that cannot be read (the line is shown under its error), and
    a line that is a workflow command."""
    out = ["source a"]
    out += [f"  x{i} = = 5 L-{name} {p}" for i, (name, p) in enumerate(PAYLOADS.items())]
    return "\n".join(out + [COMMAND_LINE]) + "\n"


FILE_NAMES = {
    "escape": "a\x1b[2Jb.tally",
    "bidi": "report\u202eyllat.tally",
    "command": "::error file=README.md::forged.tally",
    "command-on-a-new-line": "x\n::error file=README.md::forged.tally",
    "actions-v1": "##[error]forged.tally",
}

_RUNS: dict[tuple[str, str], str] = {}


def output(tmp_path_factory, vehicle: str, fmt: str) -> str:
    """The output of one run of ``tallycheck check`` on a folder of hostile inputs (made and
    run once per vehicle and format): ``claims`` (a story with the payloads in its title,
    names and quotes) or ``broken`` (files that cannot be read: one with each payload on a
    line of its own, the others with hostile names)."""
    key = (vehicle, fmt)
    if key not in _RUNS:
        folder = tmp_path_factory.mktemp(f"{vehicle}-{fmt}")
        if vehicle == "claims":
            write(folder, "story.tally", claims_file())
            r = hostile(folder, ["check", "story.tally", "--format", fmt], code=1)
        else:  # files that cannot be read, one with each payload on a line, the others named with one
            write(folder, "broken.tally", broken_file())
            for name in FILE_NAMES.values():
                write(folder, name, "source a\n  x = = 5\n")
            r = hostile(folder, ["check", ".", "--format", fmt], code=2)
        _RUNS[key] = r.out
    return _RUNS[key]


# --- what each format shows, read as its reader reads it ------------------------------------

def shown(fmt: str, out: str) -> str:
    """The text a person sees in an output: a runner's annotations, a rendered page, an
    XML document's texts, a JSON document's strings."""
    if fmt == "github":
        return "\n".join(line.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",")
                         .replace("%25", "%") for line in out.split("\n"))
    if fmt == "markdown":
        return rendered_text(out)
    if fmt == "junit":
        root = ET.fromstring(out)
        return "\n".join([t for e in root.iter() for t in (e.text, *e.attrib.values()) if t])
    if fmt in ("sarif", "json"):
        return "\n".join(strings(json.loads(out)))
    if fmt == "html":
        return html.unescape(re.sub(r"<[^>]+>", "", out))
    return out


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    return []


def rendered_text(markdown: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    page = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\u200b", "")


def assert_commands_not_forged(fmt: str, out: str, text: str) -> None:
    """``text``, shown in ``out``, makes no line a CI log would read as a workflow command:
    no ``##[`` anywhere, no ``::`` first on a line (but github's own annotations)."""
    if "##[" in text:
        assert "##[" not in out
    if "::" in text:
        for line in out.split("\n"):
            if fmt == "github":
                assert line == "" or re.match(r"::(error|warning) (file=[^:,]*,)?", line), line
            else:
                assert not line.lstrip().startswith("::"), line


# --- the cases --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,name", CASES)
def test_a_payload_in_titles_names_and_quotes_is_shown_inert(tmp_path_factory, fmt, name):
    out = output(tmp_path_factory, "claims", fmt)
    payload = PAYLOADS[name]
    acting = set(ACTING.findall(payload))
    assert not acting & set(out), sorted(acting & set(out))
    assert_commands_not_forged(fmt, out, payload)
    seen = shown(fmt, out)
    if fmt == "json":  # the data exact, written with escapes
        assert f"T-{name} {payload}" in seen and f"S-{name} {payload}" in seen
    else:  # shown, escaped visibly, wherever the format shows a title, a name or a quote
        assert any(f"{place}-{name} {visible(payload)}" in seen for place in "TSQ"), (visible(payload), seen[:2000])
        assert not acting & set(seen)


# the formats that show the line under an error (the others show the message, which quotes
# the line's text escaped already)
SHOW_LINES = ("text", "junit", "html")


@pytest.mark.parametrize("fmt,name", [(f, n) for f, n in CASES if f in SHOW_LINES])
def test_a_payload_on_a_line_shown_under_an_error_is_inert(tmp_path_factory, fmt, name):
    out = output(tmp_path_factory, "broken", fmt)
    payload = PAYLOADS[name]
    acting = set(ACTING.findall(payload))
    assert not acting & set(out), sorted(acting & set(out))
    assert_commands_not_forged(fmt, out, payload)
    assert f"L-{name} {visible(payload)}" in shown(fmt, out)


@pytest.mark.parametrize("fmt", ["text", "junit"])
def test_a_line_shown_under_an_error_cannot_start_a_workflow_command(tmp_path_factory, fmt):
    out = output(tmp_path_factory, "broken", fmt)
    assert_commands_not_forged(fmt, out, COMMAND_LINE)
    assert "\\x3a:error file=README.md::forged-line" in shown(fmt, out)


# --- file names -------------------------------------------------------------------------------

# where a hostile file name was not inert before: github escaped `:` and line breaks in its
# `file=` property, markdown shows a name in a code span, sarif writes it as a URI (and JSON
# escaped C0 controls in the messages that name a file)
FILE_NAME_CASES = [(fmt, kind) for fmt in ("text", "github", "junit", "markdown", "html", "sarif") for kind in FILE_NAMES
                   if not (fmt in ("github", "markdown", "sarif") and kind.startswith("command"))
                   and (fmt, kind) != ("sarif", "escape")]


@pytest.mark.parametrize("fmt,kind", FILE_NAME_CASES)
def test_a_file_name_is_inert(tmp_path_factory, fmt, kind):
    """A file name starts a line of the text report (``FILE:LINE:COL: error: …``)."""
    out = output(tmp_path_factory, "broken", fmt)
    name = FILE_NAMES[kind]
    assert not set(ACTING.findall(name)) & set(out)
    assert_commands_not_forged(fmt, out, name)
    if fmt in ("text", "github", "junit", "html"):
        seen = shown(fmt, out)
        assert visible(name) in seen or visible(name, newlines=True) in seen, seen


# --- markdown: no link, image, mention, reference or HTML from input text ---------------------

MARKDOWN = {
    "mention": "@octocat",
    "team": "@github/security",
    "issue": "#123",
    "cross-repo": "octo/repo#45",
    "gh-ref": "GH-12",
    "url": "https://evil.example/x",
    "www": "www.evil.example",
    "email": "victim@evil.example",
    "autolink": "<https://evil.example>",
    "link": "[click](https://evil.example)",
    "image": "![pixel](https://evil.example/p.png)",
    "html-image": "<img src=https://evil.example/p.png>",
    "emoji": ":shipit:",
}
# what GitHub turns into a link, a mention or an image after the markdown is read
GITHUB_LINKS = re.compile(r"@\w|#\d|\bGH-\d|://|\bwww\.|:[\w+-]+:", re.I)


def markdown_page(tmp_path_factory) -> tuple[str, str]:
    """(the markdown, the page it renders) of a story with each case in the title, in a
    source's name and in a quote, between ``see`` and ``now``."""
    key = ("markdown", "markdown")
    if key not in _RUNS:
        folder = tmp_path_factory.mktemp("markdown")
        lines = ['title "' + " | ".join(f"see {text} now" for text in MARKDOWN.values()) + '"']
        for i, text in enumerate(MARKDOWN.values()):
            lines += [f'source s{i} "see {text} now"', f'  q{i} = 5 "see {text} now"', f"source t{i}", f"  q{i} = 6"]
        write(folder, "story.tally", "\n".join(lines) + "\n")
        _RUNS[key] = hostile(folder, ["check", "story.tally", "--format", "markdown"], code=1).out
    markdown_it = pytest.importorskip("markdown_it")
    out = _RUNS[key]
    return out, markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough").render(out)


@pytest.mark.parametrize("kind", sorted(MARKDOWN))
def test_markdown_makes_no_link_mention_or_image(tmp_path_factory, kind):
    out, page = markdown_page(tmp_path_factory)
    assert not re.search(r"<(a|img|script)\b", page)  # no element from the text
    text = MARKDOWN[kind]
    outside_code = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", page, flags=re.S)))
    shown_here = [m for m in re.findall(r"see (.*?) now", outside_code) if m.replace("\u200b", "") == text]
    assert len(shown_here) >= 3, shown_here  # the title, the source's name, the quote: as the text they are
    for found in shown_here:  # and nothing GitHub would link once the markdown is read
        assert not GITHUB_LINKS.search(found), found
