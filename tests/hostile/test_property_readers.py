"""Property: whatever bytes or lines reach any reader, tallycheck answers -- an exit code in
{0, 1, 2}, never a traceback nor an internal error (issue 12, item 7).

Hypothesis feeds random bytes, and real lines of the fixtures mutated (characters inserted,
cut, doubled, lines swapped and joined, hostile characters dropped in), to every reader:
claims files, articles (.md/.txt), datasets (.csv/.tsv/.jsonl), config files, baselines,
``tallycheck number`` and ``tallycheck extract``, in every output format.  The command runs
in this process (``main(argv)``, a fresh folder per example) with a strict UTF-8 stdout, so
that text no format could write (a lone surrogate) fails here as it would in CI.  A few
hundred examples: tens of seconds.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tallycheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_LINES = sorted({
    line
    for pattern in ("*.tally", "*/*.tally", "*/*.md", "*/*.txt", "*/*.csv")
    for path in (ROOT / "fixtures").glob(pattern)
    if path.parent.name != "expected"
    for line in path.read_text(encoding="utf-8", errors="replace").split("\n")
    if line.strip()
})
JSONL_LINES = [  # rows that contradict each other, so that their quotes are shown
    '{"source": "a", "quantity": "x", "value": 5, "date": "2024-01-31", "quote": "five"}',
    '{"source": "b", "claim": "x = about 7 \\"seven{y}\\"", "url": "https://e.org"}',
    '{"source": "c", "quantity": "x", "value": "1,234.5", "quote": "many"}',
]
CONFIG_LINES = ["[tool.tallycheck]", "[tallycheck]", 'approximate = "5%"', "max_nodes = 500", "timeout = 2.5",
                "decimal_comma = true", "allow_unknown = false", 'source_column = "who"', "max_conflicts = 3"]
BASELINE_LINES = ['{"tallycheck_baseline": 1, "conflicts": [', '{"fingerprint": "0123456789abcdef0123"}', "]}"]
HOSTILE = ["\x00", "\r", "\n", "\r\n", "\u2028", "\u0085", "\x0c", "\x0b", "\u200f", "\ufeff", "\t", '"', "\\",
           "{", "}", "@", "(", ")", "²", "٣", "\ud800", "\\ud800", "#", ",", ":", "..", "%", "---", "=", "'",
           "[" * 50, "(" * 50, "-" * 50, "9" * 60, "2024-02-30", "1e999999", "a" * 300,
           "[" * 5000, "{\"a\":" * 2000, "-(" * 2000, " + a" * 2000, "\\\"" * 2000, "x@2024-13-45"]

FORMATS = ["text", "json", "sarif", "junit", "github", "markdown", "html"]


@st.composite
def mutated(draw, lines: list[str]) -> str:
    """A few lines of ``lines``, each perhaps mutated, joined by a random line end.  Most
    mutations happen where tokens meet (after a space, `=`, a quote mark …, or at an end)."""
    picked = draw(st.lists(st.sampled_from(lines), min_size=1, max_size=8))
    out = []
    for line in picked:
        for _ in range(draw(st.integers(0, 3))):
            joints = [0, len(line)] + [i + 1 for i, ch in enumerate(line) if ch in _JOINTS]
            at = draw(st.one_of(st.sampled_from(joints), st.integers(0, len(line))))
            kind = draw(st.integers(0, 3))
            if kind in (0, 1):  # a hostile piece dropped in
                line = line[:at] + draw(st.sampled_from(HOSTILE)) + line[at:]
            elif kind == 2:  # cut, or a piece doubled
                n = draw(st.integers(1, 8))
                line = line[:at] + (line[at + n:] if draw(st.booleans()) else line[at:at + n] * 30 + line[at:])
            else:  # any character
                line = line[:at] + draw(st.characters()) + line[at:]
        out.append(line)
    if len(out) > 1 and draw(st.booleans()):
        i = draw(st.integers(0, len(out) - 2))
        out[i], out[i + 1] = out[i + 1], out[i]
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(out) + draw(st.sampled_from(["", "\n"]))


_JOINTS = frozenset(' ="{(,:')


def content(lines: list[str]):
    """A file's bytes: mutated lines of the language as UTF-8 (lone surrogates escaped), or any bytes."""
    text = mutated(lines).map(lambda t: t.encode("utf-8", errors="backslashreplace"))
    return st.one_of(text, text, text, st.binary(max_size=300))


def run(argv: list[str], files: dict[str, bytes]) -> tuple[int, str]:
    """``tallycheck ARGV…`` in a fresh folder holding ``files``; stdout is strict UTF-8."""
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        here = os.getcwd()
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
        err = io.StringIO()
        os.chdir(folder)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
        finally:
            os.chdir(here)
        shown = out.buffer.getvalue().decode("utf-8") + err.getvalue()  # type: ignore[attr-defined]
    return code, shown


def assert_answered(code: int, shown: str) -> None:
    assert code in (0, 1, 2), shown
    assert "Traceback" not in shown and "internal error" not in shown, shown


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
SUFFIXES = {".tally": FIXTURE_LINES, ".md": ["---", "source: a", "date: 2024-01-31"] + FIXTURE_LINES,
            ".txt": ["---", "source: a", "---"] + FIXTURE_LINES, ".csv": FIXTURE_LINES,
            ".tsv": [line.replace(",", "\t") for line in FIXTURE_LINES], ".jsonl": JSONL_LINES}
INPUTS = st.sampled_from(sorted(SUFFIXES)).flatmap(
    lambda suffix: content(SUFFIXES[suffix]).map(lambda data: {f"in{suffix}": data}))
CONTRADICTION = b"source a\n  x = 5\nsource b\n  x = 6\n"


# the examples are inputs that once gave an internal error: the property must hold for them too
@SETTINGS
@given(INPUTS, st.sampled_from([b"", b"source z\n  x = 5\n", b"set max_nodes 100\n"]), st.sampled_from(FORMATS))
@example({"in.tally": b"define t = " + b" + ".join(b"a%d" % i for i in range(2000)) + b"\n"}, b"", "json")
@example({"in.tally": b"source s\n  x = " + b"-" * 3000 + b"5\n"}, b"", "text")
@example({"in.jsonl": b'{"source": "a", "quantity": "x", "value": ' + b"[" * 5000 + b"]" * 5000 + b"}\n"}, b"", "json")
@example({"in.jsonl": b'{"source": "a", "quantity": "x", "value": 5, "quote": "\\ud800"}\n'}, b"source z\n  x = 6\n",
         "text")
@example({"in.tally": b"set max_nodes 2\xc2\xb2\n"}, b"", "sarif")
def test_every_input_reader_answers(files, more, fmt):
    assert_answered(*run(["check", ".", "--format", fmt], {**files, "more.tally": more}))


@SETTINGS
@given(st.sampled_from(["c.toml", "c.cfg", "pyproject.toml", "setup.cfg"]).flatmap(
    lambda name: content(CONFIG_LINES).map(lambda data: (name, data))))
@example(("c.toml", b"max_nodes = " + b"[" * 5000 + b"]" * 5000 + b"\n"))
@example(("c.cfg", b"[tallycheck]\nmax_conflicts = 1\xc2\xb2\n"))
def test_every_config_reader_answers(config):
    name, data = config
    argv = ["check", "a.tally"] + (["--config", name] if name.startswith("c.") else [])
    assert_answered(*run(argv, {name: data, "a.tally": CONTRADICTION}))


@SETTINGS
@given(content(BASELINE_LINES))
@example(b'{"tallycheck_baseline": 1, "conflicts": ' + b"[" * 5000 + b"]" * 5000 + b"}")
def test_the_baseline_reader_answers(data):
    assert_answered(*run(["check", "a.tally", "--baseline", "b.json", "--format", "json"],
                         {"b.json": data, "a.tally": CONTRADICTION}))


@SETTINGS
@given(st.one_of(mutated(FIXTURE_LINES), st.text(max_size=40), st.binary(max_size=40).map(os.fsdecode)),
       st.sampled_from(["text", "json"]))
@example("5\udcff", "json")  # bytes that are not UTF-8 reach argv as surrogates
def test_the_number_command_answers(text, fmt):
    text = text.replace("\x00", "")  # an argument cannot hold NUL
    assert_answered(*run(["number", "--format", fmt, "--", text], {}))


@SETTINGS
@given(st.sampled_from(["a.txt", "a.md"]), content(FIXTURE_LINES), st.booleans())
def test_the_extract_command_answers(name, data, annotated):
    assert_answered(*run(["extract", name] + (["--annotate"] if annotated else []), {name: data}))
