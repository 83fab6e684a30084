"""``tallycheck extract FILE``: every numeric mention in plain prose, with its reading (SPEC §4).

A start for annotating an article: ``--annotate`` prints the text with a suggested
``{name}`` tag after each number, ready to edit.  Mentions are found and read by the one
number reader (:func:`tallycheck.numbers.find_mentions`).  Nothing is written to FILE.
"""

from __future__ import annotations

import json
import re

import click

from ..diagnostics import Diagnostic
from ..formats._inert import visible
from ..files import shown_path
from ..read.inputs import read_text
from ..numbers import Mention, ReadOptions, VOCABULARY, find_mentions
from .number import reading_json, _show

_WORD = re.compile(r"[^\W\d_][\w-]*")
# words that do not name what a number counts: skipped when suggesting a tag name
_SKIP = frozenset(
    "of the a an and or to in on at for per by from with were was are is be been than more less "
    "some about around over under nearly almost up down".split()
)
MAX_NAME_WORDS = 2
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]\n\d\"“”]")
_MONTHS = frozenset("january february march april may june july august september october november december "
                    "jan feb mar apr jun jul aug sep sept oct nov dec".split())


def _is_date_day(text: str, m: Mention) -> bool:
    """``31 January`` / ``January 31``: a day of a date, not a figure to tag."""
    after = _WORD.match(text[m.end:].lstrip(" "))
    before = _WORD.findall(text[max(0, m.start - 20):m.start])
    return (after is not None and after.group().lower() in _MONTHS) or bool(before and before[-1].lower() in _MONTHS)


def mention_json(m: Mention) -> dict:
    out: dict = {"line": m.line, "column": m.column, "text": m.text, "kind": m.kind}
    if m.reading is not None:
        r = reading_json(m.reading)
        del r["text"]
        r.pop("kind", None)
        out.update(r)
        out["error"] = None
    else:
        out.update({"value": None, "low": None, "high": None, "low_open": None, "high_open": None,
                    "exact": None, "rule": None, "currency": None, "error": m.error})
    return out


def mention_line(m: Mention) -> str:
    where = f"{m.line}:{m.column}"
    if m.reading is None:
        if m.kind == "year":
            return f"{where:>8}  {m.text}  (years)"
        return f"{where:>8}  {m.text}  (not read: {m.error})"
    iv = m.reading.interval
    lo = "-inf" if iv.low is None else _show(iv.low)
    hi = "inf" if iv.high is None else _show(iv.high)
    interval = f"{'(' if iv.low_open else '['}{lo}, {hi}{')' if iv.high_open else ']'}"
    value = "-" if m.reading.value is None else _show(m.reading.value)
    exact = "exact" if m.reading.exact else "not exact"
    return f"{where:>8}  {m.text}  = {value}  {interval}  {m.kind}, {exact}: {m.reading.rule}"


def suggest_name(text: str, m: Mention, used: dict[str, int]) -> str:
    """A tag name from the words after the number (``248 military personnel`` -> ``military_personnel``)."""
    words: list[str] = []
    after = _CLAUSE_END.split(text[m.end:m.end + 200], 1)[0]
    candidates = _WORD.findall(after)[:4]
    if not any(w.lower() not in _SKIP and w.lower() not in VOCABULARY for w in candidates):
        before = _CLAUSE_END.split(text[max(0, m.start - 200):m.start])[-1]
        candidates = _WORD.findall(before)[-1:]
    for w in candidates:
        low = w.lower()
        if low in _SKIP or low in VOCABULARY:
            if words:
                break
            continue
        words.append(low.strip("-"))
        if len(words) == MAX_NAME_WORDS:
            break
    if m.kind == "percent":
        words = ["share"] + words[:1]
    name = "_".join(w for w in words if w) or "quantity"
    name = re.sub(r"[^\w.-]", "_", name)
    if name[0].isdigit():
        name = "q_" + name
    used[name] = used.get(name, 0) + 1
    return name if used[name] == 1 else f"{name}_{used[name]}"


def annotate(text: str, mentions: list[Mention]) -> str:
    """The text with a suggested ``{name}`` tag after each number (years and refused mentions left as they are)."""
    out: list[str] = []
    pos = 0
    used: dict[str, int] = {}
    for m in mentions:
        if m.reading is None or m.kind == "year" or _is_date_day(text, m):
            continue
        out.append(text[pos:m.end])
        out.append("{" + suggest_name(text, m, used) + "}")
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


@click.command("extract")
@click.argument("file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--annotate", "annotated", is_flag=True,
              help="Print the text with a suggested {name} tag after each number, to edit into an article.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Read options from FILE (approximate, decimal_comma).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="Set an option; repeatable.")
def command(file: str, fmt: str, annotated: bool, config_file: str | None, settings: tuple[str, ...]) -> int:
    """List every number mentioned in FILE (plain prose) with how it is read."""
    from ..read import config

    options, problems, _ = config.resolve(config_file, settings)
    text = None
    if not problems:
        text, problem = read_text(file, options.max_file_size)
        if problem is not None:
            problems = [problem]
    if problems:
        return _fail(file, fmt, problems)
    assert text is not None
    if text.startswith("\ufeff"):
        text = text[1:]
    mentions = find_mentions(text, ReadOptions(approximate=options.approximate, decimal_comma=options.decimal_comma))
    if annotated:
        click.echo(annotate(text, mentions), nl=False)
        return 0
    if fmt == "json":
        click.echo(json.dumps({"file": shown_path(file), "mentions": [mention_json(m) for m in mentions],
                               "errors": []}, indent=2, ensure_ascii=False))
        return 0
    for m in mentions:
        click.echo(mention_line(m))
    click.echo(f"{len(mentions)} mention{'s' if len(mentions) != 1 else ''} in {shown_path(file)}", err=True)
    return 0


def _fail(file: str, fmt: str, problems: list[Diagnostic]) -> int:
    for p in problems:
        click.echo(p.render(visible), err=True)
    if fmt == "json":
        click.echo(json.dumps({"file": shown_path(file), "mentions": [], "errors": [
            {"file": p.location.file, "line": p.location.line, "column": p.location.column, "code": p.code,
             "message": p.message} for p in problems]}, indent=2, ensure_ascii=False))
    return 2
