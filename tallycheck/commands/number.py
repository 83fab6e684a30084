"""``tallycheck number TEXT``: show how a text is read (SPEC §3)."""

from __future__ import annotations

import json
from fractions import Fraction

import click

from ..numbers.numtext import exact_string, format_number
from ..numbers import NumberError, ReadOptions, Reading, read_number


def _end(x: Fraction | None) -> str | None:
    return None if x is None else exact_string(x)


def reading_json(r: Reading) -> dict:
    iv = r.interval
    return {
        "text": r.text,
        "value": _end(r.value),
        "low": _end(iv.low),
        "high": _end(iv.high),
        "low_open": iv.low_open,
        "high_open": iv.high_open,
        "exact": r.exact,
        "kind": r.kind,
        "rule": r.rule,
        "currency": r.currency,
    }


def reading_text(r: Reading) -> str:
    iv = r.interval
    lo = "-inf" if iv.low is None else _show(iv.low)
    hi = "inf" if iv.high is None else _show(iv.high)
    interval = f"{'(' if iv.low_open else '['}{lo}, {hi}{')' if iv.high_open else ']'}"
    ends = f"{'open' if iv.low_open else 'closed'} below, {'open' if iv.high_open else 'closed'} above"
    lines = [
        f"text:     {r.text}",
        f"value:    {'-' if r.value is None else _show(r.value)}",
        f"interval: {interval}  ({ends})",
        f"exact:    {'yes' if r.exact else 'no'}",
        f"kind:     {r.kind}" + (f" ({r.currency})" if r.currency else ""),
        f"rule:     {r.rule}",
    ]
    return "\n".join(lines)


def _show(x: Fraction) -> str:
    s = exact_string(x)
    if "/" in s:
        return f"{s} ({format_number(x)})"
    return s


def _tolerance(value: str) -> Fraction:
    try:
        r = read_number(value)
    except NumberError as e:
        raise click.BadParameter(f"{value!r}: {e}") from None
    if r.kind != "percent" or r.value is None or r.value < 0:
        raise click.BadParameter(f"takes a percentage such as 10%, not {value!r}")
    return r.value


@click.command("number", context_settings={"ignore_unknown_options": True})
@click.argument("text", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--approximate", metavar="PERCENT", default="10%", show_default=True,
              help="Tolerance of about/nearly/... (SPEC §3).")
@click.option("--decimal-comma", is_flag=True, help="Read 12,5 as 12.5 (and 1.234 as 1234).")
@click.option("--count", is_flag=True, help="The quantity is a count (a whole number, never negative).")
def command(text: tuple[str, ...], fmt: str, approximate: str, decimal_comma: bool, count: bool) -> None:
    """Show how TEXT is read: value, interval, exactness and the rule that gave them."""
    whole = " ".join(text)
    if any("\ud800" <= c <= "\udfff" for c in whole):  # bytes that were not UTF-8, kept by the OS as surrogates
        click.echo("tallycheck number: the text is not valid UTF-8 (set the terminal to UTF-8)", err=True)
        raise click.exceptions.Exit(2)
    options = ReadOptions(approximate=_tolerance(approximate), decimal_comma=decimal_comma)
    try:
        r = read_number(whole, options, integer=count)
    except NumberError as e:
        shown = whole if len(whole) <= 200 else whole[:200] + "…"
        start = min(e.start, len(shown))
        end = e.end if e.end is not None else start + 1
        width = max(1, min(end, len(shown)) - start)
        pad = "".join("\t" if c == "\t" else " " for c in shown[:start])
        msg = e.message
        name = whole if len(whole) <= 60 else whole[:57] + "…"
        click.echo(f"tallycheck number: cannot read '{name}': {msg}", err=True)
        click.echo(f"    {shown}\n    {pad}{'^' * width}", err=True)
        if fmt == "json":
            click.echo(json.dumps({"text": whole if len(whole) <= 200 else shown, "error": msg,
                                   "start": e.start, "end": e.end}, ensure_ascii=False))
        raise click.exceptions.Exit(2)
    if fmt == "json":
        click.echo(json.dumps(reading_json(r), ensure_ascii=False))
    else:
        click.echo(reading_text(r))
